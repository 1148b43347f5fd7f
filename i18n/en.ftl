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
sync-credential-expiring = Access to the central system expires soon – please tell IT
sync-clock-not-synchronized = Clock not yet checked – no sign-in possible
sync-clock-went-back = The clock was set back – please tell IT
sync-clock-drifted = The clock differs from the central system's – please tell IT

## The printer (footer, for staff; never member data), one per state of ui/src/printer.ts

printer-ready = Printer ready
printer-in-doubt = { $count ->
    [one] 1 print unresolved – please check the tray (kioskctl print doubts)
   *[other] { $count } prints unresolved – please check the tray (kioskctl print doubts)
}
printer-stopped = Printer stopped
printer-not-accepting = Printer does not accept jobs
printer-media-empty = Printer: out of paper
printer-media-jam = Printer: paper jam
printer-door-open = Printer: door open
printer-toner-empty = Printer: toner empty
printer-offline = Printer offline
printer-unreachable = Printer not reachable
printer-other = Printer: fault

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
ended-reason-staff = The session was ended by a member of staff.
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
letter-refused-clock-untrusted = This terminal cannot trust its clock right now, so it cannot check your letter. Please ask the staff for help.
letter-refused-offline-try-used = This terminal has no connection to the central system right now. Without it, the date of birth can be tried only once. Please try again later or ask the staff for help.
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

## Certificates screens of the touch UI (ui/src/documents.ts, university.ts, travel.ts, printing.ts):
## the menu after identification, the university sender number, travel abroad, preview and
## printing. Not the texts printed on the documents (those are doc-*).

docs-choose = What would you like to do?
docs-choice =
    .aria-label = Services
docs-membership = Membership certificate
docs-membership-hint = Confirms your membership, for example for an employer or a public office.
docs-university = Certificate for your university
docs-university-hint = We report your insurance status directly to your university.
docs-travel = Health cover abroad (treaty form)
docs-travel-hint = What you need for a journey abroad.
docs-loading = One moment please …
docs-retry = Try again
# Instead of the menu, when the kiosk cannot issue certificates from the data it holds.
docs-data-problem-title = Certificates are not possible right now
docs-data-too-old =
    { $hours ->
        [one] This terminal has not been connected to our central system for more than { $hours } hour. So it cannot issue you a certificate now.
       *[other] This terminal has not been connected to our central system for more than { $hours } hours. So it cannot issue you a certificate now.
    }
docs-data-clock-untrusted = This terminal cannot trust its clock right now. So it cannot issue you a certificate.
docs-data-missing = Your data is not available at this terminal. So it cannot issue you a certificate.
docs-data-ask = Please ask the staff at the counter. You can also request your certificate in our online branch or in our app.
# Offline, within the allowed age of the data: $asOf is a date and time, e.g. "29/11/2026, 08:15".
docs-data-as-of = Data as of { $asOf }.
docs-data-as-of-note = The terminal is not connected to our central system right now. Your certificate states this date.
# After the printer's problem in plain words (print-problem-*).
docs-printer-problem-note = You can still prepare and view your certificate.
keypad-clear = Clear all
docs-back = Back
docs-to-menu = To the overview

## Preview of a prepared document, one heading per DocumentKind of the IPC contract

docs-preview-membership = Preview: membership certificate
docs-preview-student-certificate = Preview: certificate for your records
docs-preview-university-receipt = Preview: receipt for your university report
docs-preview-travel-turkey = Preview: treaty form for Turkey
docs-preview-travel-tunisia = Preview: treaty form for Tunisia
docs-preview-travel-bosnia = Preview: treaty form for Bosnia and Herzegovina
docs-preview-hint = Please check the document. If everything is correct, tap "Print".
docs-preview-pages =
    .aria-label = Document preview
docs-preview-page =
    .alt = Preview, page { $page } of { $pages }
docs-preview-zoom = Enlarge
docs-print = Print

## University: the electronic report (M10) and the sender number

uni-title = Certificate for your university
uni-intro = Your university receives the report on your health insurance electronically from us. No paper is needed.
uni-sender-hint = Enter your university's sender number (Absendernummer). It is in your enrolment documents: an H and 7 digits, for example H0000719.
uni-sender-label = Sender number
# Spoken by screen readers after each key; $entered is the number so far, e.g. "H00007".
uni-entry-status =
    { $count ->
        [0] No digit entered yet.
        [one] { $count } of 7 digits entered: { $entered }
       *[other] { $count } of 7 digits entered: { $entered }
    }
uni-send = Send
uni-filed-on-print = When you tap “Print”, your report to the university is filed. We then send it electronically.
uni-request-id = Reference number: { $id }
uni-student-certificate = Certificate for your records

## Travel abroad: country, advice, travel dates

travel-title = Health cover abroad
travel-question = Where are you travelling to?
travel-intro = For these countries you get the treaty form (Auslandskrankenschein) here at the terminal:
travel-countries =
    .aria-label = Destination
travel-form-hint = Form { $form }
travel-other = Another country
travel-other-hint = EU countries, Switzerland, the United Kingdom and all other countries
travel-other-title = Choose another country
travel-other-intro = Choose your destination. We tell you what applies there for your health cover.
travel-country-list =
    .aria-label = Countries
travel-advice-ehic = Your health card is valid there: the European Health Insurance Card (EHIC) is on the back of your card. You do not need a treaty form.
travel-advice-ask-staff = There is a social security agreement with this country. The staff at the counter issue the form for it.
travel-advice-no-agreement = There is no social security agreement with this country: your statutory health insurance does not cover the cost of treatment there. We recommend private travel health insurance.
travel-choose-other = Choose another country
travel-dates-title = When are you travelling?
travel-country = Destination:
travel-dates-hint = Enter the first and the last day of your journey, each as day, month and year, for example 01072026 for 1 July 2026.
travel-from = First day
travel-until = Last day
# The digits fill its letters in order (day, month, year).
travel-date-placeholder = DD.MM.YYYY
travel-date-status-from =
    { $count ->
        [0] First day: no digit entered yet.
        [one] First day: { $count } of 8 digits entered: { $entered }
       *[other] First day: { $count } of 8 digits entered: { $entered }
    }
travel-date-status-until =
    { $count ->
        [0] Last day: no digit entered yet.
        [one] Last day: { $count } of 8 digits entered: { $entered }
       *[other] Last day: { $count } of 8 digits entered: { $entered }
    }
travel-create = Create

## Printing: one text per PrintState, one per PrinterProblem (each names the printer, which
## print-waiting refers to)

print-title = Printing
print-printing = Printing …
print-waiting = Please ask the staff – your document will print as soon as it runs again. If you leave before then, the print is canceled.
print-completed = Please take your document from the printer.
print-failed = Your document was not printed. You can try again.
print-in-doubt = We cannot say for certain whether it was printed. Please ask the staff.
print-retry = Try again
print-problem-stopped = The printer is stopped.
print-problem-not-accepting = The printer is not accepting jobs at the moment.
print-problem-media-empty = The printer is out of paper.
print-problem-media-jam = The printer has a paper jam.
print-problem-door-open = A cover of the printer is open.
print-problem-toner-empty = The printer is out of toner.
print-problem-offline = The printer is switched off or not connected.
print-problem-unreachable = The printer cannot be reached at the moment.
print-problem-other = The printer has a fault.

## Errors of the certificates, one per ErrorCode of the IPC contract (see also "Errors" above)

error-not-identified = Please sign in first.
error-member-data-too-old = Your data at this terminal is not recent enough for a certificate. Please ask the staff.
error-member-data-missing = Your data is not available at this terminal. Please ask the staff.
error-invalid-sender-number = This is not a valid sender number. Please check the number.
error-unknown-country = We do not know this country. Please choose your destination from the list.
error-no-form-for-country = The terminal issues no treaty form for this country.
error-invalid-date = This is not a valid date. Please check the day, month and year.
error-travel-starts-in-past = The first day lies in the past. Please enter today or a later day.
error-travel-ends-before-start = The last day is before the first day. Please check both dates.
error-travel-too-long = A treaty form is valid for one year at most. Please enter an earlier last day.
error-travel-starts-too-late = The journey starts more than a year from now. We cannot issue the form that early.
error-document-unknown = This document is no longer available. Please create it again.
error-already-printed = This document has been printed already or is being printed.
error-printer-unavailable = The printer cannot take your document right now. Nothing was printed. Please try again in a moment or ask the staff.
error-staff-sign-in-required = Staff sign-in at this kiosk is not available yet. Please ask our staff at the counter.
error-level-too-low = This service needs a stronger sign-in. Please ask our staff at the counter.
error-clock-untrusted = This terminal cannot trust its clock right now, so it cannot issue a certificate. Please ask the staff for help.

## Country names for the travel screens, by ISO 3166 alpha-2 code as the IPC contract sends it
## (country-TR). A code without a message shows as the code.

country-AE = United Arab Emirates
country-AL = Albania
country-AT = Austria
country-AU = Australia
country-AX = Åland Islands
country-BA = Bosnia and Herzegovina
country-BE = Belgium
country-BG = Bulgaria
country-CA = Canada
country-CH = Switzerland
country-CY = Cyprus
country-CZ = Czechia
country-DE = Germany
country-DK = Denmark
country-DO = Dominican Republic
country-EE = Estonia
country-EG = Egypt
country-ES = Spain
country-FI = Finland
country-FR = France
country-GB = United Kingdom
country-GF = French Guiana
country-GP = Guadeloupe
country-GR = Greece
country-HR = Croatia
country-HU = Hungary
country-IE = Ireland
country-IS = Iceland
country-IT = Italy
country-LI = Liechtenstein
country-LT = Lithuania
country-LU = Luxembourg
country-LV = Latvia
country-MA = Morocco
country-ME = Montenegro
country-MF = Saint Martin
country-MK = North Macedonia
country-MQ = Martinique
country-MT = Malta
country-MX = Mexico
country-NL = Netherlands
country-NO = Norway
country-PL = Poland
country-PT = Portugal
country-RE = Réunion
country-RO = Romania
country-RS = Serbia
country-SE = Sweden
country-SI = Slovenia
country-SK = Slovakia
country-TH = Thailand
country-TN = Tunisia
country-TR = Turkey
country-US = United States (USA)
country-XK = Kosovo
country-YT = Mayotte

## Certificates (PDF, crates/kiosk-documents). German is the document language: these texts are
## printed beside the German labels and titles in smaller grey type.

doc-branch = Branch { $branch }
doc-kiosk-service = Service kiosk
doc-page = Page { $page } of { $pages }
doc-issued-at = Issued on { $issued }
doc-issued-by = Branch { $branch } · Kiosk { $kiosk }
doc-document-id = Document no. { $id }
doc-machine-made = Issued by machine, valid without signature.
# Printed when the kiosk was offline and the member's data is older than the document.
doc-data-as-of = Data as of { $asOf }
doc-data-as-of-note = The kiosk was not connected to the central system when it issued this document. Changes after that time are not included.
doc-verify-title = Check authenticity
doc-verify-text = The QR code holds the document number, the insurance number and the validity with a digital signature of { $insurer }. Check it with the verification app of { $insurer } or have the PDF file sent to you: any change to the document is detected.
doc-continued = continued

doc-label-name = Name
doc-label-birth-date = Date of birth
doc-label-kvnr = Health insurance number
doc-label-kvnr-short = Insurance number
doc-label-insurer = Health insurer
doc-label-member-since = Member since
doc-label-status = Insurance status
doc-label-issued = Date of issue
doc-label-valid = Validity
doc-label-sender = University sender number
doc-label-country = Country of stay
doc-label-family = Family members covered

doc-status-mandatory = Mandatory member
doc-status-voluntary = Voluntary member
doc-status-pensioner = Pensioner (KVdR)
doc-status-student = Student (KVdS)

doc-valid-issue-day = valid on the day of issue ({ $date })
doc-period = { $from } to { $until }

doc-membership-title = Certificate of membership
doc-membership-basis = Certificate of membership under § 175 SGB V
doc-membership-intro = We confirm that the following person is a member of { $insurer }.
doc-family-intro = The following family members are covered through the membership (§ 10 SGB V):

doc-student-title = Certificate of insurance
doc-student-basis = for your own records
doc-student-intro = We confirm that the following person is insured with { $insurer }. This certificate is for your own records: your university receives the report on your insurance status electronically from us.

doc-university-title = Acknowledgement of receipt
doc-university-basis = Electronic report to the university (M10, § 199a SGB V)
doc-university-intro = The electronic M10 report on the insurance status for the university with sender number { $sender } was handed to { $insurer } for transmission on { $date }.
doc-university-note = Since 2022 universities receive this report electronically from the health insurer. You do not need to hand in a paper certificate at your university.

doc-travel-title = Certificate of entitlement { $form } – { $country }
doc-travel-basis = Social security agreement: Germany – { $country }
doc-travel-intro = The following person has statutory health insurance with { $insurer }. They and the family members named below are entitled to benefits in case of illness during a temporary stay in the country of stay, under the legislation that applies there.
doc-travel-note = Before any treatment, present this certificate to the competent health insurance institution in the country of stay.
doc-country-tr = Turkey
doc-country-tn = Tunisia
doc-country-ba = Bosnia and Herzegovina

## SmartIdent: register a phone, approve on it, "My devices"
docs-smartident = SmartIdent: your phone for signing in
docs-smartident-hint = Register your phone or manage your devices.
si-title = SmartIdent
si-intro = With SmartIdent you sign in with your phone and the Service-App: securely and without a letter.
si-choice =
    .aria-label = SmartIdent
si-register = Register this phone
si-register-hint = You scan a QR code with the Service-App and type the code here.
si-devices = My devices
si-devices-hint = See or remove your registered phones.
si-add-device = Generate a registration code
si-add-device-hint = Add another phone: your registered phone confirms first.
si-register-title = Register a phone
si-further-title = Register another phone
si-qr-image =
    .alt = QR code for the Service-App
si-qr-countdown = Valid for { $time }
si-qr-renew = Show a new QR code
si-steps =
    .aria-label = How it works
si-code-label = Code from the phone
si-code-status = { $count } of 6 digits entered
si-code-confirm = Confirm
si-code-wrong = The code does not match. { $tries } { $tries ->
        [one] try
       *[other] tries
    } left.
si-code-not-scanned = Scan the QR code with the Service-App first.
si-code-format = The code has 6 digits.
si-state-waiting-phone = Waiting for your phone to scan the QR code …
si-retry = Try again
si-state-waiting-code = Your phone now shows a 6-digit code: type it here.
si-state-expired = The QR code has expired. Show a new one.
si-state-failed = The code was typed wrong too often. Show a new QR code.
si-state-cancelled = This QR code is no longer valid because a newer one was shown.
si-active-title = SmartIdent is now active
si-active-text = Your phone is registered. From now on you can sign in with the Service-App. We will send you a message about the new device.
si-to-menu = Back to the menu
si-devices-title = My devices
si-devices-list =
    .aria-label = Registered devices
si-devices-none = You have not registered a device yet.
si-device-registered = { $platform }, registered on { $date } in { $branch }
si-device-last-used = Last used on { $date }
si-device-never-used = Not used yet
si-remove = Remove
si-remove-question = Really remove the device “{ $label }”? It can then no longer sign you in.
si-remove-yes = Yes, remove
si-removed = The device was removed.
si-remove-all = Lost my phone: remove all devices
si-remove-all-question = Really remove all devices? After that no phone can sign you in.
si-removed-all = All devices were removed.
si-add-title = Add another phone
si-add-intro = Your registered phone confirms first. Then the QR code for the new phone appears here, valid for 10 minutes.
si-approval-again = Try again
si-approval-declined = You declined on the phone.
si-approval-expired = The time to confirm has run out.
si-approval-cancelled = The confirmation is no longer valid (another number was chosen or a newer request was made).
approval-number-label = Your number
approval-number-spoken = Your number is { $number }.
approval-steps = Open the Service-App on your registered phone. It shows which terminal is asking. Choose the same number as here.
approval-countdown = { $time } left
birthdate-use-phone = Confirm with the Service-App
birthdate-use-date = Use my date of birth
birthdate-phone-intro = Confirm the sign-in on your phone.
si-offline = SmartIdent is not available right now because there is no connection to the central system. You can still print certificates; please try again later.
si-no-device = No phone is registered for you yet. Use your date of birth, or register this phone first.
si-device-limit = You have already registered 5 devices. Remove one under “My devices” first.
si-approvals-locked = Confirmations on the phone are locked for now. Use your date of birth or ask our staff.
si-too-many = Too many requests at this terminal. Please try again later or ask at the counter.
si-level-too-low = Removing all devices needs a sign-in confirmed on your phone. Without a phone, our staff at the counter can help.
si-unavailable = That did not work just now. Please ask our staff.
error-invalid-kvnr = The insurance number does not match: a letter and 9 digits, as on your health card.
error-invalid-birth-date = The date of birth is not a valid date.
si-step-open = Open the Service-App and choose “SmartIdent”.
si-step-scan = Tap “Scan QR code” and hold the phone in front of the code.
si-step-code = Type the 6-digit code from the phone here.
birthdate-phone-title = Sign in with your phone
letter-no-letter = No letter? Request one by post
post-title = Request an activation letter by post
post-intro = We send the letter to the address we have for you.
post-kvnr-label = Insurance number: a letter and 9 digits, as on your health card
post-letters =
    .aria-label = First letter of the insurance number
post-kvnr-status = { $count } of 10 characters entered
post-date-label = Date of birth
post-date-status = { $count } of 8 digits entered
post-next = Next
post-sent = Thank you. If the details match an insurance with us, we will send you a new activation letter in the next few days. To protect your data, nothing about it is shown here.
post-finish = Done
post-video-ident = Without a letter you can also use the video ident (Nect), but not here at the terminal: in the Service-App under “SmartIdent” → “Register” → “Video ident”.

## Staff assist: the member's call for help, the staff sign-in, panel and ID check

help-call = Call staff
help-choose = What do you need help with?
help-reason-letter-locked = My letter is locked
help-reason-printer-problem = The printer does not print
help-reason-data-too-old = My data is not up to date
help-reason-other = Something else
help-called = A member of staff has been called.
help-called-wait = Please wait here. Have your ID document ready.
help-failed = Calling did not work. Please go to the counter.
help-waiting = Member waiting:
out-of-service-title = This terminal is temporarily out of service.
out-of-service-text = Please ask our staff at the counter. Thank you for your understanding.
staff-panel-open = Staff panel
staff-sign-in-title = Staff sign-in
staff-number = Staff number
staff-pin = PIN
staff-sign-in = Sign in
staff-keyboard =
    .aria-label = Keyboard
staff-key-space =
    .aria-label = Space
staff-panel-title = Staff panel
staff-who = Signed in: { $staffId }
staff-who-with-member = Signed in: { $staffId } – you are with the member
staff-call-waiting = A member asks for help:
staff-call-answer = Done
staff-status-connection = Connection
staff-status-last-sync = Last sync
staff-status-outbox = Queue
staff-status-certificate = Certificate valid until
staff-status-printer = Printer
staff-status-camera = Camera
staff-status-disk = Free disk space
staff-status-version = Version
staff-status-config = Configuration
staff-value-time = { $time }
staff-value-never = never
staff-value-none = none (not set up)
staff-value-outbox = { $count } events, oldest { $oldest }
staff-value-camera-on = running, { $fps } frames/s, last code { $seconds } s ago
staff-value-camera-off = off (runs only for a letter scan), last code { $seconds } s ago
staff-value-disk = { $mib } MiB
staff-value-text = { $text }
staff-doubts-none = No prints in doubt.
staff-doubts-title = Prints in doubt: please check the output tray
staff-doubt = Print { $id } ({ $kind }), job { $job }
staff-doubt-printed = Printed
staff-doubt-not-printed = Not printed
staff-panel-id-check = Check ID
staff-unlock-letters = Unlock letter
staff-letters-unlocked = The letter is unlocked. The member can use it again.
staff-to-member = To the member
staff-end-session = End session
staff-sync-now = Sync now
staff-out-of-service = Take out of service
staff-back-in-service = Put back in service
staff-sign-out = Sign out
staff-id-check-title = Check ID: find the member
staff-id-check-document-title = Check ID: document
staff-lookup-by-kvnr = Insurance number
staff-lookup-by-name = Name and date of birth
staff-lookup-kvnr = Insurance number
staff-lookup-last-name = Last name
staff-lookup-first-name = First name
staff-lookup-birth-date = Date of birth (DDMMYYYY)
staff-lookup-search = Search
staff-lookup-online = From the central system.
staff-lookup-offline = No connection: from this terminal's data.
staff-lookup-none = No member found.
staff-member-letter-locked = Letter locked
staff-doc-member = { $name }, born { $birthDate }
staff-doc-kind = Which document does the member show?
id-kind-personalausweis = German ID card
id-kind-reisepass = Passport
id-kind-aufenthaltstitel = Residence permit (eAT)
id-kind-eu-national-id = ID card of an EU state
staff-doc-expires = Valid until (DDMMYYYY)
staff-doc-number-end = Last 4 characters of the document number
staff-doc-country = Issuing state (code, e.g. FR)
staff-doc-privacy = Only the kind, the expiry and the last 4 characters are stored: no number, no photo.
staff-confirm-alone = Confirm: member continues alone
staff-confirm-stay = Confirm: I stay with them
staff-error-invalid-id = A staff number has 2 to 32 letters, digits or hyphens.
staff-error-invalid-pin = A PIN has 6 to 8 digits.
staff-error-unknown-account = This staff number is not known at this terminal. New accounts arrive with the next sync.
staff-error-not-allowed = This account may not assist at this terminal (role or branch).
staff-error-wrong-pin = Wrong PIN. { $count } tries left, then the account is locked at this terminal.
staff-error-locked-now = Wrong PIN: the account is now locked at this terminal for { $count } minutes.
staff-error-locked = The account is locked at this terminal for { $count } more minutes after wrong PINs.
staff-error-not-signed-in = No one is signed in. Please sign in again.
staff-error-already-signed-in = Someone is signed in already.
staff-error-member-session-active = A member's session is open: please end it first.
staff-error-not-looked-up = Please choose the member from the search results.
staff-error-document-expired = The document has expired and cannot identify the member.
staff-error-document-expiry-too-far = No ID document is valid for more than 10 years: please check the expiry date.
staff-error-document-number-length = Please enter the last 4 characters of the document number.
staff-error-document-number-german = German document numbers contain only digits and the letters C F G H J K L M N P R T V W X Y Z.
staff-error-document-number-chars = The last 4 characters are letters A–Z or digits.
staff-error-document-country = Please choose the issuing state (EU, EEA or Switzerland).
staff-error-not-checked = This session was not opened by an ID check.
staff-error-no-locked-letter = No letter of this member is locked at this terminal.
staff-error-print-not-in-doubt = This print is not (or no longer) in doubt.
error-out-of-service = This terminal is temporarily out of service. Please go to the counter.
