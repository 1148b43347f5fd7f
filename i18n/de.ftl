# Message catalogue of the kiosk, German (reference language).
# Shared by the touch UI (@fluent/bundle) and, later, the Rust side (fluent-rs).
# Ids are lower-case and hyphenated, prefixed with the part of the app they belong to.
# Every id here must also exist in en.ftl (and the other way round): ui/test/catalogue.test.ts checks it.

## Language names, each written in its own language (used on the language buttons)

language-name = Deutsch

## Page and shared controls

app-title = Service-Terminal Ihrer Krankenkasse
a11y-toolbar =
    .aria-label = Darstellung
toggle-large-text = Große Schrift
toggle-contrast = Hoher Kontrast
language-choice =
    .aria-label = Sprache wählen
end-session = Sitzung beenden
cancel = Abbrechen
kiosk-id = Geschäftsstelle { $branchId } · Terminal { $kioskId }

## Connection to the central system (footer, for staff; never member data)

sync-online = Verbunden
sync-offline = Offline – Daten werden gesendet, sobald die Verbindung besteht
sync-not-enrolled = Nicht mit der Zentrale verbunden (nicht eingerichtet)
sync-revoked = Nicht mit der Zentrale verbunden (Zugang gesperrt)

## Attract screen (no session)

welcome-title = Willkommen
welcome-subtitle = Erledigen Sie Ihre Anliegen hier selbst – ohne Wartezeit.
start-choice =
    .aria-label = Wie möchten Sie sich anmelden?
start-letter = Mit Aktivierungsbrief anmelden
start-letter-hint = Sie halten den QR-Code Ihres Briefs vor die Kamera.
start-staff = Mitarbeiter-Unterstützung
start-staff-hint = Unser Personal prüft Ihren Ausweis und hilft Ihnen.

## Notice after a session has ended (shown on the attract screen)

ended-notice = Ihre Sitzung wurde beendet. Alle Daten wurden gelöscht.
ended-reason-member = Sie haben die Sitzung beendet.
ended-reason-idle-timeout = Die Sitzung wurde wegen Inaktivität beendet.
ended-reason-max-length = Die maximale Dauer einer Sitzung wurde erreicht.

## Identification with the activation letter

letter-title = Anmeldung mit Aktivierungsbrief
letter-intro = Halten Sie den QR-Code Ihres Aktivierungsbriefs vor die Kamera.
letter-step-ready = Nehmen Sie Ihren Aktivierungsbrief zur Hand.
letter-step-hold = Halten Sie den QR-Code ruhig vor die Kamera, etwa eine Handbreit entfernt.
letter-step-wait = Warten Sie, bis der Code erkannt wurde.
camera-preview =
    .aria-label = Kameravorschau
camera-preview-hint = Halten Sie den QR-Code so, dass er hier vollständig zu sehen ist.
camera-preview-image =
    .alt = Kamerabild: Halten Sie den QR-Code Ihres Briefs hinein

## What the camera sees while it looks for the letter's code, one per ScanGuidance of the IPC contract
## (a live instruction below the camera preview)

scan-guidance-no-code = Halten Sie den QR-Code Ihres Briefs vor die Kamera.
scan-guidance-hold-steady = Code erkannt – bitte etwas näher und ruhig halten.
scan-guidance-too-dark = Zu dunkel – bitte den Brief ins Licht halten.
scan-guidance-too-bright = Zu hell – bitte Spiegelungen vermeiden.
scan-guidance-low-contrast = Bitte den Brief etwas weiter weg halten.
# The code was read and is being checked: the next screen, or a refusal, follows at once.
scan-guidance-read = Code erkannt – einen Moment bitte …

## Why a letter or date of birth was refused, one per LetterRefusal of the IPC contract:
## what happened and what to do

letter-refused-not-a-letter = Das ist kein Aktivierungsbrief. Bitte halten Sie den QR-Code Ihres Aktivierungsbriefs vor die Kamera.
letter-refused-invalid = Der Code konnte nicht geprüft werden. Bitte halten Sie den Brief noch einmal vor die Kamera oder wenden Sie sich an das Personal.
letter-refused-expired = Dieser Aktivierungsbrief ist abgelaufen. Bitte fordern Sie beim Personal einen neuen an.
letter-refused-not-yet-valid = Dieser Aktivierungsbrief ist noch nicht gültig. Bitte versuchen Sie es später noch einmal oder wenden Sie sich an das Personal.
letter-refused-revoked = Dieser Aktivierungsbrief wurde zurückgezogen und gilt nicht mehr. Bitte fordern Sie beim Personal einen neuen an.
letter-refused-already-used = Dieser Brief wurde bereits verwendet. Jeder Aktivierungsbrief gilt nur einmal. Bitte fordern Sie beim Personal einen neuen an.
letter-refused-locked = Dieser Aktivierungsbrief ist gesperrt. Bitte wenden Sie sich an das Personal, es kann ihn freischalten.
letter-refused-member-not-available = Ihre Daten sind an diesem Terminal nicht verfügbar. Bitte wenden Sie sich an das Personal.
letter-refused-wrong-birth-date =
    { $attempts ->
        [one] Das Geburtsdatum stimmt nicht. Sie haben noch { $attempts } Versuch.
       *[other] Das Geburtsdatum stimmt nicht. Sie haben noch { $attempts } Versuche.
    }
letter-refused-locked-now = Der Brief ist nach drei falschen Eingaben gesperrt. Bitte wenden Sie sich an das Personal.
letter-refused-invalid-birth-date = Das ist kein gültiges Datum. Bitte prüfen Sie Tag, Monat und Jahr.
# A wrong date of birth when the number of attempts left is not known.
letter-refused-wrong-birth-date-retry = Das Geburtsdatum stimmt nicht. Bitte versuchen Sie es noch einmal.

## Date of birth, asked after a valid activation letter (on-screen keypad)

birthdate-title = Bitte geben Sie Ihr Geburtsdatum ein
birthdate-hint = Tippen Sie Tag, Monat und Jahr nacheinander ein, zum Beispiel 07031958 für den 7. März 1958.
# Shown in the entry field where no digit has been typed yet; the digits fill its letters in order
# (day, month, year: TTMMJJJJ).
birthdate-placeholder = TT.MM.JJJJ
# Spoken by screen readers after each key; $entered is what was typed so far, e.g. "07.03.".
birthdate-entry-status =
    { $count ->
        [0] Noch keine Ziffer eingegeben.
        [one] { $count } von 8 Ziffern eingegeben: { $entered }
       *[other] { $count } von 8 Ziffern eingegeben: { $entered }
    }
keypad =
    .aria-label = Ziffernblock
keypad-delete = Löschen
keypad-delete-description =
    .aria-description = Löscht die zuletzt eingegebene Ziffer.
keypad-confirm = Bestätigen

## Identification with staff assistance

staff-title = Mitarbeiter-Unterstützung
staff-intro = Bitte warten Sie einen Moment. Eine Mitarbeiterin oder ein Mitarbeiter der Geschäftsstelle kommt zu Ihnen.
staff-id-check = Wir prüfen Ihren Ausweis persönlich. Bitte halten Sie Ihren Personalausweis, Reisepass oder elektronischen Aufenthaltstitel bereit.

## Identified

identified-title = Angemeldet
trust-level-substantial = Vertrauensniveau: substanziell
trust-level-high = Vertrauensniveau: hoch

## Idle warning

idle-warning-title = Sind Sie noch da?
idle-warning-countdown =
    { $seconds ->
        [one] Ihre Sitzung endet in { $seconds } Sekunde
       *[other] Ihre Sitzung endet in { $seconds } Sekunden
    }
idle-warning-text = Danach werden alle Ihre Daten gelöscht. Möchten Sie weitermachen?
# When the maximum session length ends the session: it cannot be extended.
idle-warning-max-length-title = Ihre Sitzung endet gleich
idle-warning-max-length-text = Die maximale Sitzungsdauer ist erreicht. Die Sitzung kann nicht verlängert werden. Wenn sie endet, werden alle Ihre Daten gelöscht.
extend-session = Sitzung verlängern
end-now = Jetzt beenden

## Errors, one per ErrorCode of the IPC contract

error-no-active-session = Es ist keine Sitzung aktiv. Bitte beginnen Sie von vorn.
error-session-already-active = Es läuft bereits eine Sitzung.
error-not-identifying = Die Anmeldung ist bereits abgeschlossen.
error-letter-refused = Der Aktivierungsbrief konnte nicht angenommen werden. Bitte wenden Sie sich an das Personal der Geschäftsstelle.
error-language-not-offered = Diese Sprache ist an diesem Terminal nicht verfügbar.
error-store-unavailable = Das Terminal ist gerade nicht bereit. Bitte wenden Sie sich an das Personal.
error-internal = Etwas ist schiefgegangen. Bitte versuchen Sie es noch einmal oder wenden Sie sich an das Personal.
