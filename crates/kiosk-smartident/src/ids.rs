//! The 16-byte random ids of SmartIdent: the caller brings the randomness.

kiosk_token::random_id!(
    /// A registration: what the QR names, 128 random bits.
    RegistrationId,
    InvalidRegistrationId,
    "a registration id has 32 hexadecimal digits"
);

kiosk_token::random_id!(
    /// A registered device.
    DeviceId,
    InvalidDeviceId,
    "a device id has 32 hexadecimal digits"
);

kiosk_token::random_id!(
    /// An approval the phone is asked for.
    ChallengeId,
    InvalidChallengeId,
    "a challenge id has 32 hexadecimal digits"
);
