# Message catalogue of the kiosk, English.
# Keep the same ids, variables and attributes as de.ftl (the reference): ui/test/catalogue.test.ts checks it.

## Language names, each written in its own language (used on the language buttons)

language-name = English

## Page and shared controls

app-title = Your health insurer's service terminal
a11y-toolbar =
    .aria-label = Display
toggle-large-text = Large text
toggle-contrast = High contrast
language-choice =
    .aria-label = Choose language
end-session = End session
cancel = Cancel
kiosk-id = Branch { $branchId } · Terminal { $kioskId }

## Connection to the central system (footer, for staff; never member data)

sync-online = Connected
sync-offline = Offline – data will be sent as soon as the connection is back
sync-not-enrolled = Not connected to the central system (not set up)
sync-revoked = Not connected to the central system (access revoked)

## Attract screen (no session)

welcome-title = Welcome
welcome-subtitle = Take care of your requests yourself – no waiting.
start-choice =
    .aria-label = How would you like to sign in?
start-letter = Sign in with activation letter
start-letter-hint = You hold the QR code of your letter in front of the camera.
start-staff = Staff assistance
start-staff-hint = Our staff check your ID document and help you.

## Notice after a session has ended (shown on the attract screen)

ended-notice = Your session has ended. All data has been deleted.
ended-reason-member = You ended the session.
ended-reason-idle-timeout = The session was ended because of inactivity.
ended-reason-max-length = The maximum length of a session was reached.

## Identification with the activation letter

letter-title = Sign in with activation letter
letter-intro = Hold the QR code of your activation letter in front of the camera.
letter-step-ready = Have your activation letter ready.
letter-step-hold = Hold the QR code still in front of the camera, about a hand's width away.
letter-step-wait = Wait until the code has been recognised.
camera-preview =
    .aria-label = Camera preview
camera-preview-hint = Hold the QR code so that all of it can be seen here.
camera-preview-image =
    .alt = Camera image: hold the QR code of your letter in view

## What the camera sees while it looks for the letter's code, one per ScanGuidance of the IPC contract
## (a live instruction below the camera preview)

scan-guidance-no-code = Hold the QR code of your letter in front of the camera.
scan-guidance-hold-steady = Code found – please hold it a little closer and still.
scan-guidance-too-dark = Too dark – please hold the letter in the light.
scan-guidance-too-bright = Too bright – please avoid reflections.
scan-guidance-low-contrast = Please hold the letter a little further away.
# The code was read and is being checked: the next screen, or a refusal, follows at once.
scan-guidance-read = Code recognised – one moment, please …

## Why a letter or date of birth was refused, one per LetterRefusal of the IPC contract:
## what happened and what to do

letter-refused-not-a-letter = This is not an activation letter. Please hold the QR code of your activation letter in front of the camera.
letter-refused-invalid = The code could not be verified. Please hold the letter in front of the camera once more or ask the staff for help.
letter-refused-expired = This activation letter has expired. Please ask the staff for a new one.
letter-refused-not-yet-valid = This activation letter is not valid yet. Please try again later or ask the staff for help.
letter-refused-revoked = This activation letter has been withdrawn and is no longer valid. Please ask the staff for a new one.
letter-refused-already-used = This letter has already been used. Each activation letter works only once. Please ask the staff for a new one.
letter-refused-locked = This activation letter is locked. Please ask the staff for help: they can unlock it.
letter-refused-member-not-available = Your data is not available at this terminal. Please ask the staff for help.
letter-refused-wrong-birth-date =
    { $attempts ->
        [one] The date of birth does not match. You have { $attempts } attempt left.
       *[other] The date of birth does not match. You have { $attempts } attempts left.
    }
letter-refused-locked-now = The letter is locked after three wrong entries. Please ask the staff for help.
letter-refused-invalid-birth-date = This is not a valid date. Please check the day, month and year.
# A wrong date of birth when the number of attempts left is not known.
letter-refused-wrong-birth-date-retry = The date of birth does not match. Please try again.

## Date of birth, asked after a valid activation letter (on-screen keypad)

birthdate-title = Please enter your date of birth
birthdate-hint = Type the day, month and year one after the other, for example 07031958 for 7 March 1958.
# Shown in the entry field where no digit has been typed yet; the digits fill its letters in order
# (day, month, year: DDMMYYYY).
birthdate-placeholder = DD.MM.YYYY
# Spoken by screen readers after each key; $entered is what was typed so far, e.g. "07.03.".
birthdate-entry-status =
    { $count ->
        [0] No digits entered yet.
        [one] { $count } of 8 digits entered: { $entered }
       *[other] { $count } of 8 digits entered: { $entered }
    }
keypad =
    .aria-label = Number pad
keypad-delete = Delete
keypad-delete-description =
    .aria-description = Deletes the last digit entered.
keypad-confirm = Confirm

## Identification with staff assistance

staff-title = Staff assistance
staff-intro = Please wait a moment. A member of the branch staff will come to you.
staff-id-check = We check your ID document in person. Please have your identity card, passport or electronic residence permit ready.

## Identified

identified-title = Signed in
trust-level-substantial = Trust level: substantial
trust-level-high = Trust level: high

## Idle warning

idle-warning-title = Are you still there?
idle-warning-countdown =
    { $seconds ->
        [one] Your session ends in { $seconds } second
       *[other] Your session ends in { $seconds } seconds
    }
idle-warning-text = After that, all your data will be deleted. Would you like to continue?
# When the maximum session length ends the session: it cannot be extended.
idle-warning-max-length-title = Your session is about to end
idle-warning-max-length-text = The maximum session length has been reached. The session cannot be extended. When it ends, all your data will be deleted.
extend-session = Continue session
end-now = End now

## Errors, one per ErrorCode of the IPC contract

error-no-active-session = No session is active. Please start again.
error-session-already-active = A session is already running.
error-not-identifying = Identification has already been completed.
error-letter-refused = The activation letter could not be accepted. Please ask the branch staff for help.
error-language-not-offered = This language is not available at this terminal.
error-store-unavailable = The terminal is not ready at the moment. Please ask the staff for help.
error-internal = Something went wrong. Please try again or ask the staff for help.
