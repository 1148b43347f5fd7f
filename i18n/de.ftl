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
sync-credential-expiring = Zugang zur Zentrale läuft bald ab – bitte IT informieren
sync-clock-not-synchronized = Uhrzeit nicht abgeglichen – keine Anmeldung möglich
sync-clock-went-back = Uhrzeit wurde zurückgestellt – bitte IT informieren
sync-clock-drifted = Uhrzeit weicht von der Zentrale ab – bitte IT informieren

## The printer (footer, for staff; never member data), one per state of ui/src/printer.ts

printer-ready = Drucker bereit
printer-in-doubt = { $count ->
    [one] 1 Druck ungeklärt – bitte Ablage prüfen (kioskctl print doubts)
   *[other] { $count } Drucke ungeklärt – bitte Ablage prüfen (kioskctl print doubts)
}
printer-stopped = Drucker angehalten
printer-not-accepting = Drucker nimmt keine Aufträge an
printer-media-empty = Drucker: kein Papier
printer-media-jam = Drucker: Papierstau
printer-door-open = Drucker: Klappe offen
printer-toner-empty = Drucker: Toner leer
printer-offline = Drucker offline
printer-unreachable = Drucker nicht erreichbar
printer-other = Drucker: Störung

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
ended-reason-staff = Die Sitzung wurde von einer Mitarbeiterin oder einem Mitarbeiter beendet.
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
letter-refused-clock-untrusted = Dieses Terminal kann seiner Uhrzeit gerade nicht vertrauen und deshalb Ihr Schreiben nicht prüfen. Bitte wenden Sie sich an das Personal.
letter-refused-offline-try-used = Das Terminal hat gerade keine Verbindung zur Zentrale. Ohne Verbindung ist nur ein Versuch mit dem Geburtsdatum möglich. Bitte versuchen Sie es später noch einmal oder wenden Sie sich an das Personal.
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

## Certificates screens of the touch UI (ui/src/documents.ts, university.ts, travel.ts, printing.ts):
## the menu after identification, the university sender number, travel abroad, preview and
## printing. Not the texts printed on the documents (those are doc-*).

docs-choose = Was möchten Sie tun?
docs-choice =
    .aria-label = Dienste
docs-membership = Mitgliedsbescheinigung
docs-membership-hint = Bestätigt Ihre Mitgliedschaft, zum Beispiel für Arbeitgeber oder Ämter.
docs-university = Bescheinigung für die Hochschule
docs-university-hint = Wir melden Ihren Versicherungsstatus direkt an Ihre Hochschule.
docs-travel = Auslandskrankenschein
docs-travel-hint = Was Sie für eine Reise ins Ausland brauchen.
docs-loading = Einen Moment bitte …
docs-retry = Erneut versuchen
# Instead of the menu, when the kiosk cannot issue certificates from the data it holds.
docs-data-problem-title = Bescheinigungen sind gerade nicht möglich
docs-data-too-old =
    { $hours ->
        [one] Dieses Terminal ist seit mehr als { $hours } Stunde nicht mit unserer Zentrale verbunden. Deshalb kann es Ihnen jetzt keine Bescheinigung ausstellen.
       *[other] Dieses Terminal ist seit mehr als { $hours } Stunden nicht mit unserer Zentrale verbunden. Deshalb kann es Ihnen jetzt keine Bescheinigung ausstellen.
    }
docs-data-clock-untrusted = Dieses Terminal kann seiner Uhrzeit gerade nicht vertrauen. Deshalb kann es Ihnen keine Bescheinigung ausstellen.
docs-data-missing = Ihre Daten liegen an diesem Terminal nicht vor. Deshalb kann es Ihnen keine Bescheinigung ausstellen.
docs-data-ask = Bitte wenden Sie sich an das Personal am Schalter. Sie können Ihre Bescheinigung auch in der Online-Geschäftsstelle oder in unserer App anfordern.
# Offline, within the allowed age of the data: $asOf is a date and time, e.g. "29.11.2026, 08:15".
docs-data-as-of = Datenstand: { $asOf }.
docs-data-as-of-note = Das Terminal ist gerade nicht mit unserer Zentrale verbunden. Ihre Bescheinigung nennt diesen Datenstand.
# After the printer's problem in plain words (print-problem-*).
docs-printer-problem-note = Sie können Ihre Bescheinigung trotzdem schon erstellen und ansehen.
keypad-clear = Alles löschen
docs-back = Zurück
docs-to-menu = Zur Übersicht

## Preview of a prepared document, one heading per DocumentKind of the IPC contract

docs-preview-membership = Vorschau: Mitgliedsbescheinigung
docs-preview-student-certificate = Vorschau: Bescheinigung für Ihre Unterlagen
docs-preview-university-receipt = Vorschau: Eingangsbestätigung für die Hochschule
docs-preview-travel-turkey = Vorschau: Auslandskrankenschein Türkei
docs-preview-travel-tunisia = Vorschau: Auslandskrankenschein Tunesien
docs-preview-travel-bosnia = Vorschau: Auslandskrankenschein Bosnien und Herzegowina
docs-preview-hint = Bitte prüfen Sie das Dokument. Wenn alles stimmt, tippen Sie auf „Drucken“.
docs-preview-pages =
    .aria-label = Vorschau des Dokuments
docs-preview-page =
    .alt = Vorschau, Seite { $page } von { $pages }
docs-preview-zoom = Vergrößern
docs-print = Drucken

## University: the electronic report (M10) and the sender number

uni-title = Bescheinigung für die Hochschule
uni-intro = Ihre Hochschule erhält die Meldung zu Ihrer Krankenversicherung elektronisch von uns. Papier brauchen Sie dafür nicht.
uni-sender-hint = Geben Sie die Absendernummer Ihrer Hochschule ein. Sie steht in den Unterlagen zur Einschreibung: ein H und 7 Ziffern, zum Beispiel H0000719.
uni-sender-label = Absendernummer
# Spoken by screen readers after each key; $entered is the number so far, e.g. "H00007".
uni-entry-status =
    { $count ->
        [0] Noch keine Ziffer eingegeben.
       *[other] { $count } von 7 Ziffern eingegeben: { $entered }
    }
uni-send = Senden
uni-filed-on-print = Mit „Drucken“ geben Sie die Meldung an die Hochschule auf. Wir übermitteln sie dann elektronisch.
uni-request-id = Vorgangsnummer: { $id }
uni-student-certificate = Bescheinigung für Ihre Unterlagen

## Travel abroad: country, advice, travel dates

travel-title = Auslandskrankenschein
travel-question = Wohin reisen Sie?
travel-intro = Für diese Länder erhalten Sie den Auslandskrankenschein hier am Terminal:
travel-countries =
    .aria-label = Reiseland
travel-form-hint = Formular { $form }
travel-other = Anderes Land
travel-other-hint = EU-Länder, Schweiz, Großbritannien und alle weiteren Länder
travel-other-title = Anderes Land wählen
travel-other-intro = Wählen Sie Ihr Reiseland. Wir sagen Ihnen, was dort für Ihren Versicherungsschutz gilt.
travel-country-list =
    .aria-label = Länder
travel-advice-ehic = Ihre Gesundheitskarte gilt dort: die Europäische Krankenversicherungskarte (EHIC) ist auf der Rückseite Ihrer Karte. Ein Auslandskrankenschein ist nicht nötig.
travel-advice-ask-staff = Mit diesem Land gibt es ein Abkommen über Soziale Sicherheit. Den Auslandskrankenschein dafür stellt Ihnen das Personal am Schalter aus.
travel-advice-no-agreement = Mit diesem Land gibt es kein Abkommen über Soziale Sicherheit: Die Kosten einer Behandlung dort übernimmt Ihre gesetzliche Krankenversicherung nicht. Wir empfehlen Ihnen eine private Auslandsreise-Krankenversicherung.
travel-choose-other = Anderes Land wählen
travel-dates-title = Wann reisen Sie?
travel-country = Reiseland:
travel-dates-hint = Tippen Sie Reisebeginn und Reiseende ein, jeweils Tag, Monat und Jahr, zum Beispiel 01072026 für den 1. Juli 2026.
travel-from = Reisebeginn
travel-until = Reiseende
# The digits fill its letters in order (day, month, year: TTMMJJJJ).
travel-date-placeholder = TT.MM.JJJJ
travel-date-status-from =
    { $count ->
        [0] Reisebeginn: noch keine Ziffer eingegeben.
       *[other] Reisebeginn: { $count } von 8 Ziffern eingegeben: { $entered }
    }
travel-date-status-until =
    { $count ->
        [0] Reiseende: noch keine Ziffer eingegeben.
       *[other] Reiseende: { $count } von 8 Ziffern eingegeben: { $entered }
    }
travel-create = Erstellen

## Printing: one text per PrintState, one per PrinterProblem (each names the printer, which
## print-waiting refers to)

print-title = Drucken
print-printing = Wird gedruckt …
print-waiting = Bitte wenden Sie sich an das Personal – Ihr Dokument wird gedruckt, sobald er wieder läuft. Wenn Sie vorher gehen, wird der Druck abgebrochen.
print-completed = Bitte entnehmen Sie Ihr Dokument am Drucker.
print-failed = Ihr Dokument wurde nicht gedruckt. Sie können es noch einmal versuchen.
print-in-doubt = Wir können nicht sicher sagen, ob gedruckt wurde. Bitte wenden Sie sich an das Personal.
print-retry = Erneut versuchen
print-problem-stopped = Der Drucker ist angehalten.
print-problem-not-accepting = Der Drucker nimmt gerade keine Aufträge an.
print-problem-media-empty = Der Drucker hat kein Papier mehr.
print-problem-media-jam = Der Drucker hat einen Papierstau.
print-problem-door-open = Eine Klappe des Druckers ist offen.
print-problem-toner-empty = Der Drucker hat keinen Toner mehr.
print-problem-offline = Der Drucker ist ausgeschaltet oder nicht verbunden.
print-problem-unreachable = Der Drucker ist gerade nicht erreichbar.
print-problem-other = Der Drucker hat eine Störung.

## Errors of the certificates, one per ErrorCode of the IPC contract (see also "Errors" above)

error-not-identified = Bitte melden Sie sich zuerst an.
error-member-data-too-old = Ihre Daten an diesem Terminal sind nicht aktuell genug für eine Bescheinigung. Bitte wenden Sie sich an das Personal.
error-member-data-missing = Ihre Daten liegen an diesem Terminal nicht vor. Bitte wenden Sie sich an das Personal.
error-invalid-sender-number = Das ist keine gültige Absendernummer. Bitte prüfen Sie die Nummer.
error-unknown-country = Dieses Land kennen wir nicht. Bitte wählen Sie Ihr Reiseland aus der Liste.
error-no-form-for-country = Für dieses Land gibt es am Terminal keinen Auslandskrankenschein.
error-invalid-date = Das ist kein gültiges Datum. Bitte prüfen Sie Tag, Monat und Jahr.
error-travel-starts-in-past = Der Reisebeginn liegt in der Vergangenheit. Bitte geben Sie heute oder einen späteren Tag ein.
error-travel-ends-before-start = Das Reiseende liegt vor dem Reisebeginn. Bitte prüfen Sie beide Daten.
error-travel-too-long = Ein Auslandskrankenschein gilt höchstens ein Jahr. Bitte geben Sie ein früheres Reiseende ein.
error-travel-starts-too-late = Der Reisebeginn liegt mehr als ein Jahr in der Zukunft. So früh können wir den Auslandskrankenschein noch nicht ausstellen.
error-document-unknown = Dieses Dokument ist nicht mehr vorhanden. Bitte erstellen Sie es neu.
error-already-printed = Dieses Dokument wurde bereits gedruckt oder wird gerade gedruckt.
error-printer-unavailable = Der Drucker kann Ihr Dokument gerade nicht annehmen. Es wurde nichts gedruckt. Bitte versuchen Sie es gleich noch einmal oder wenden Sie sich an das Personal.
error-staff-sign-in-required = Die Anmeldung für Mitarbeitende am Terminal gibt es noch nicht. Bitte wenden Sie sich an unsere Mitarbeitenden am Schalter.
error-level-too-low = Für diesen Dienst brauchen wir eine sicherere Anmeldung. Bitte wenden Sie sich an unsere Mitarbeitenden am Schalter.
error-clock-untrusted = Dieses Terminal kann seiner Uhrzeit gerade nicht vertrauen und deshalb keine Bescheinigung ausstellen. Bitte wenden Sie sich an das Personal.

## Country names for the travel screens, by ISO 3166 alpha-2 code as the IPC contract sends it
## (country-TR). A code without a message shows as the code.

country-AE = Vereinigte Arabische Emirate
country-AL = Albanien
country-AT = Österreich
country-AU = Australien
country-AX = Ålandinseln
country-BA = Bosnien und Herzegowina
country-BE = Belgien
country-BG = Bulgarien
country-CA = Kanada
country-CH = Schweiz
country-CY = Zypern
country-CZ = Tschechien
country-DE = Deutschland
country-DK = Dänemark
country-DO = Dominikanische Republik
country-EE = Estland
country-EG = Ägypten
country-ES = Spanien
country-FI = Finnland
country-FR = Frankreich
country-GB = Vereinigtes Königreich
country-GF = Französisch-Guayana
country-GP = Guadeloupe
country-GR = Griechenland
country-HR = Kroatien
country-HU = Ungarn
country-IE = Irland
country-IS = Island
country-IT = Italien
country-LI = Liechtenstein
country-LT = Litauen
country-LU = Luxemburg
country-LV = Lettland
country-MA = Marokko
country-ME = Montenegro
country-MF = Saint-Martin
country-MK = Nordmazedonien
country-MQ = Martinique
country-MT = Malta
country-MX = Mexiko
country-NL = Niederlande
country-NO = Norwegen
country-PL = Polen
country-PT = Portugal
country-RE = Réunion
country-RO = Rumänien
country-RS = Serbien
country-SE = Schweden
country-SI = Slowenien
country-SK = Slowakei
country-TH = Thailand
country-TN = Tunesien
country-TR = Türkei
country-US = Vereinigte Staaten (USA)
country-XK = Kosovo
country-YT = Mayotte

## Certificates (PDF, crates/kiosk-documents). German is the document language: every label and
## title is printed in German with the en.ftl text beside it in smaller grey type.

doc-branch = Geschäftsstelle { $branch }
doc-kiosk-service = Service-Kiosk
doc-page = Seite { $page } von { $pages }
doc-issued-at = Ausgestellt am { $issued }
doc-issued-by = Geschäftsstelle { $branch } · Kiosk { $kiosk }
doc-document-id = Dokument-Nr. { $id }
doc-machine-made = Maschinell erstellt, ohne Unterschrift gültig.
# Printed when the kiosk was offline and the member's data is older than the document.
doc-data-as-of = Datenstand: { $asOf }
doc-data-as-of-note = Der Kiosk war bei der Ausstellung nicht mit der Zentrale verbunden. Änderungen nach diesem Zeitpunkt sind nicht berücksichtigt.
doc-verify-title = Echtheit prüfen
doc-verify-text = Der QR-Code enthält Dokument-Nr., Versichertennummer und Gültigkeit mit einer digitalen Signatur der { $insurer }. Prüfen Sie ihn mit der Prüfanwendung der { $insurer } oder lassen Sie sich die PDF-Datei zusenden: Jede Änderung am Dokument wird dabei erkannt.
doc-continued = Fortsetzung

doc-label-name = Name
doc-label-birth-date = Geburtsdatum
doc-label-kvnr = Krankenversichertennummer
doc-label-kvnr-short = Versichertennummer
doc-label-insurer = Krankenkasse
doc-label-member-since = Mitglied seit
doc-label-status = Versicherungsverhältnis
doc-label-issued = Ausstellungsdatum
doc-label-valid = Gültigkeit
doc-label-sender = Absendernummer der Hochschule
doc-label-country = Reiseland
doc-label-family = Mitversicherte Familienangehörige

doc-status-mandatory = Pflichtmitglied
doc-status-voluntary = freiwilliges Mitglied
doc-status-pensioner = Rentner (KVdR)
doc-status-student = Studierende (KVdS)

doc-valid-issue-day = gültig am Tag der Ausstellung ({ $date })
doc-period = { $from } bis { $until }

doc-membership-title = Mitgliedsbescheinigung
doc-membership-basis = Bescheinigung über die Mitgliedschaft nach § 175 SGB V
doc-membership-intro = Hiermit bestätigen wir, dass die folgende Person Mitglied der { $insurer } ist.
doc-family-intro = Über die Mitgliedschaft sind folgende Familienangehörige mitversichert (§ 10 SGB V):

doc-student-title = Versicherungsbescheinigung
doc-student-basis = für die eigenen Unterlagen
doc-student-intro = Hiermit bestätigen wir, dass die folgende Person bei der { $insurer } versichert ist. Diese Bescheinigung ist für Ihre eigenen Unterlagen bestimmt: Ihre Hochschule erhält die Meldung zu Ihrem Versicherungsstatus elektronisch von uns.

doc-university-title = Eingangsbestätigung
doc-university-basis = Elektronische Meldung an die Hochschule (M10, § 199a SGB V)
doc-university-intro = Die elektronische Meldung M10 zum Versicherungsstatus für die Hochschule mit der Absendernummer { $sender } wurde am { $date } an die { $insurer } zur Übermittlung übergeben.
doc-university-note = Seit 2022 erhalten Hochschulen diese Meldung elektronisch von der Krankenkasse. Eine Bescheinigung auf Papier müssen Sie bei Ihrer Hochschule nicht einreichen.

doc-travel-title = Anspruchsbescheinigung { $form } – { $country }
doc-travel-basis = Abkommen über Soziale Sicherheit: Deutschland – { $country }
doc-travel-intro = Die folgende Person ist bei der { $insurer } gesetzlich krankenversichert. Sie und die unten genannten Familienangehörigen haben bei einem vorübergehenden Aufenthalt im Reiseland Anspruch auf Leistungen bei Krankheit nach den dort geltenden Rechtsvorschriften.
doc-travel-note = Legen Sie diese Bescheinigung vor einer Behandlung dem zuständigen Krankenversicherungsträger im Reiseland vor.
doc-country-tr = Türkei
doc-country-tn = Tunesien
doc-country-ba = Bosnien und Herzegowina

## SmartIdent: register a phone, approve on it, "Meine Geräte"
docs-smartident = SmartIdent: Handy für die Anmeldung
docs-smartident-hint = Registrieren Sie Ihr Handy oder verwalten Sie Ihre Geräte.
si-title = SmartIdent
si-intro = Mit SmartIdent melden Sie sich mit Ihrem Handy und der Service-App an: sicher und ohne Brief.
si-choice =
    .aria-label = SmartIdent
si-register = Dieses Handy registrieren
si-register-hint = Sie scannen einen QR-Code mit der Service-App und tippen den Code hier ein.
si-devices = Meine Geräte
si-devices-hint = Ihre registrierten Handys ansehen oder entfernen.
si-add-device = Registrierungscode generieren
si-add-device-hint = Ein weiteres Handy hinzufügen: Ihr registriertes Handy bestätigt zuerst.
si-register-title = Handy registrieren
si-further-title = Weiteres Handy registrieren
si-qr-image =
    .alt = QR-Code für die Service-App
si-qr-countdown = Gültig noch { $time }
si-qr-renew = Neuen QR-Code anzeigen
si-steps =
    .aria-label = So geht es
si-code-label = Code vom Handy
si-code-status = { $count } von 6 Ziffern eingegeben
si-code-confirm = Bestätigen
si-code-wrong = Der Code stimmt nicht. Noch { $tries } { $tries ->
        [one] Versuch
       *[other] Versuche
    }.
si-code-not-scanned = Scannen Sie zuerst den QR-Code mit der Service-App.
si-code-format = Der Code hat 6 Ziffern.
si-state-waiting-phone = Wir warten darauf, dass Ihr Handy den QR-Code scannt …
si-retry = Noch einmal versuchen
si-state-waiting-code = Ihr Handy zeigt jetzt einen 6-stelligen Code: Tippen Sie ihn hier ein.
si-state-expired = Der QR-Code ist abgelaufen. Lassen Sie sich einen neuen anzeigen.
si-state-failed = Der Code wurde zu oft falsch eingegeben. Lassen Sie sich einen neuen QR-Code anzeigen.
si-state-cancelled = Dieser QR-Code gilt nicht mehr, weil ein neuerer angezeigt wurde.
si-active-title = SmartIdent ist jetzt aktiv
si-active-text = Ihr Handy ist registriert. Sie können sich ab jetzt mit der Service-App anmelden. Wir schicken Ihnen eine Nachricht über das neue Gerät.
si-to-menu = Zurück zum Menü
si-devices-title = Meine Geräte
si-devices-list =
    .aria-label = Registrierte Geräte
si-devices-none = Sie haben noch kein Gerät registriert.
si-device-registered = { $platform }, registriert am { $date } in { $branch }
si-device-last-used = Zuletzt benutzt am { $date }
si-device-never-used = Noch nicht benutzt
si-remove = Entfernen
si-remove-question = Das Gerät „{ $label }“ wirklich entfernen? Es kann Sie dann nicht mehr anmelden.
si-remove-yes = Ja, entfernen
si-removed = Das Gerät wurde entfernt.
si-remove-all = Handy verloren: alle Geräte entfernen
si-remove-all-question = Wirklich alle Geräte entfernen? Danach kann sich kein Handy mehr für Sie anmelden.
si-removed-all = Alle Geräte wurden entfernt.
si-add-title = Weiteres Handy hinzufügen
si-add-intro = Ihr registriertes Handy bestätigt zuerst. Danach erscheint hier der QR-Code für das neue Handy, 10 Minuten gültig.
si-approval-again = Noch einmal
si-approval-declined = Sie haben auf dem Handy abgelehnt.
si-approval-expired = Die Zeit für die Bestätigung ist abgelaufen.
si-approval-cancelled = Die Bestätigung gilt nicht mehr (eine andere Zahl wurde gewählt oder eine neuere Anfrage gestellt).
approval-number-label = Ihre Zahl
approval-number-spoken = Ihre Zahl ist { $number }.
approval-steps = Öffnen Sie die Service-App auf Ihrem registrierten Handy. Dort sehen Sie, welches Terminal fragt. Wählen Sie dieselbe Zahl wie hier.
approval-countdown = Noch { $time }
birthdate-use-phone = Mit der Service-App bestätigen
birthdate-use-date = Doch mit Geburtsdatum
birthdate-phone-intro = Bestätigen Sie die Anmeldung auf Ihrem Handy.
si-offline = SmartIdent ist gerade nicht verfügbar, weil keine Verbindung zum zentralen System besteht. Bescheinigungen können Sie trotzdem drucken; versuchen Sie es später noch einmal.
si-no-device = Für Sie ist noch kein Handy registriert. Nutzen Sie Ihr Geburtsdatum, oder registrieren Sie zuerst dieses Handy.
si-device-limit = Sie haben schon 5 Geräte registriert. Entfernen Sie zuerst eines unter „Meine Geräte“.
si-approvals-locked = Bestätigungen auf dem Handy sind vorübergehend gesperrt. Nutzen Sie Ihr Geburtsdatum oder wenden Sie sich an unsere Mitarbeitenden.
si-too-many = Zu viele Anfragen an diesem Terminal. Bitte versuchen Sie es später noch einmal oder wenden Sie sich an den Schalter.
si-level-too-low = Alle Geräte entfernen geht nur nach einer Anmeldung mit Bestätigung auf dem Handy. Ohne Handy helfen Ihnen unsere Mitarbeitenden am Schalter.
si-unavailable = Das hat gerade nicht geklappt. Bitte wenden Sie sich an unsere Mitarbeitenden.
error-invalid-kvnr = Die Versichertennummer stimmt nicht: ein Buchstabe und 9 Ziffern, wie auf Ihrer Gesundheitskarte.
error-invalid-birth-date = Das Geburtsdatum ist kein gültiges Datum.
si-step-open = Öffnen Sie die Service-App und wählen Sie „SmartIdent“.
si-step-scan = Tippen Sie auf „QR-Code scannen“ und halten Sie das Handy vor den Code.
si-step-code = Tippen Sie den 6-stelligen Code vom Handy hier ein.
birthdate-phone-title = Mit dem Handy anmelden
letter-no-letter = Kein Brief? Per Post anfordern
post-title = Aktivierungsbrief per Post anfordern
post-intro = Wir schicken den Brief an die Adresse, die wir von Ihnen haben.
post-kvnr-label = Versichertennummer: ein Buchstabe und 9 Ziffern, wie auf Ihrer Gesundheitskarte
post-letters =
    .aria-label = Erster Buchstabe der Versichertennummer
post-kvnr-status = { $count } von 10 Zeichen eingegeben
post-date-label = Geburtsdatum
post-date-status = { $count } von 8 Ziffern eingegeben
post-next = Weiter
post-sent = Danke. Wenn die Angaben zu einer Versicherung bei uns passen, schicken wir Ihnen in den nächsten Tagen einen neuen Aktivierungsbrief. Aus Datenschutzgründen zeigen wir hier nichts dazu an.
post-finish = Fertig
post-video-ident = Ohne Brief geht es auch per Video-Ident (Nect), aber nicht hier am Terminal: in der Service-App unter „SmartIdent“ → „Registrieren“ → „Video-Ident“.

## Staff assist: the member's call for help, the staff sign-in, panel and ID check

help-call = Mitarbeiter rufen
help-choose = Wobei brauchen Sie Hilfe?
help-reason-letter-locked = Mein Brief ist gesperrt
help-reason-printer-problem = Der Drucker druckt nicht
help-reason-data-too-old = Meine Daten sind nicht aktuell
help-reason-other = Etwas anderes
help-called = Eine Mitarbeiterin oder ein Mitarbeiter wurde gerufen.
help-called-wait = Bitte warten Sie hier. Halten Sie Ihren Ausweis bereit.
help-failed = Das Rufen hat nicht geklappt. Bitte wenden Sie sich an den Schalter.
help-waiting = Mitglied wartet:
out-of-service-title = Dieses Terminal ist vorübergehend außer Betrieb.
out-of-service-text = Bitte wenden Sie sich an unsere Mitarbeitenden am Schalter. Vielen Dank für Ihr Verständnis.
staff-panel-open = Mitarbeiter-Panel
staff-sign-in-title = Anmeldung für Mitarbeitende
staff-number = Personalnummer
staff-pin = PIN
staff-sign-in = Anmelden
staff-keyboard =
    .aria-label = Tastatur
staff-key-space =
    .aria-label = Leerzeichen
staff-panel-title = Mitarbeiter-Panel
staff-who = Angemeldet: { $staffId }
staff-who-with-member = Angemeldet: { $staffId } – Sie sind beim Mitglied
staff-call-waiting = Ein Mitglied bittet um Hilfe:
staff-call-answer = Erledigt
staff-status-connection = Verbindung
staff-status-last-sync = Letzte Synchronisation
staff-status-outbox = Warteschlange
staff-status-certificate = Zertifikat gültig bis
staff-status-printer = Drucker
staff-status-camera = Kamera
staff-status-disk = Freier Speicher
staff-status-version = Version
staff-status-config = Konfiguration
staff-value-time = { $time }
staff-value-never = noch nie
staff-value-none = keines (nicht eingerichtet)
staff-value-outbox = { $count } Ereignisse, ältestes { $oldest }
staff-value-camera-on = läuft, { $fps } Bilder/s, letzter Code vor { $seconds } s
staff-value-camera-off = aus (läuft nur beim Brief-Scan), letzter Code vor { $seconds } s
staff-value-disk = { $mib } MiB
staff-value-text = { $text }
staff-doubts-none = Keine Drucke im Zweifel.
staff-doubts-title = Drucke im Zweifel: bitte im Ausgabefach nachsehen
staff-doubt = Druck { $id } ({ $kind }), Auftrag { $job }
staff-doubt-printed = Gedruckt
staff-doubt-not-printed = Nicht gedruckt
staff-panel-id-check = Ausweis prüfen
staff-unlock-letters = Brief entsperren
staff-letters-unlocked = Der Brief ist entsperrt. Das Mitglied kann ihn wieder verwenden.
staff-to-member = Zum Mitglied
staff-end-session = Sitzung beenden
staff-sync-now = Jetzt synchronisieren
staff-out-of-service = Außer Betrieb nehmen
staff-back-in-service = Wieder in Betrieb nehmen
staff-sign-out = Abmelden
staff-id-check-title = Ausweis prüfen: Mitglied suchen
staff-id-check-document-title = Ausweis prüfen: Dokument
staff-lookup-by-kvnr = Versichertennummer
staff-lookup-by-name = Name und Geburtsdatum
staff-lookup-kvnr = Versichertennummer
staff-lookup-last-name = Nachname
staff-lookup-first-name = Vorname
staff-lookup-birth-date = Geburtsdatum (TTMMJJJJ)
staff-lookup-search = Suchen
staff-lookup-online = Aus dem zentralen System.
staff-lookup-offline = Ohne Verbindung: aus den Daten dieses Terminals.
staff-lookup-none = Kein Mitglied gefunden.
staff-member-letter-locked = Brief gesperrt
staff-doc-member = { $name }, geboren am { $birthDate }
staff-doc-kind = Welches Dokument zeigt das Mitglied?
id-kind-personalausweis = Personalausweis
id-kind-reisepass = Reisepass
id-kind-aufenthaltstitel = Aufenthaltstitel (eAT)
id-kind-eu-national-id = Ausweis eines EU-Staats
staff-doc-expires = Gültig bis (TTMMJJJJ)
staff-doc-number-end = Letzte 4 Zeichen der Dokumentnummer
staff-doc-country = Ausstellender Staat (Kürzel, z. B. FR)
staff-doc-privacy = Gespeichert werden nur Art, Ablaufdatum und die letzten 4 Zeichen, keine Nummer und kein Foto.
staff-confirm-alone = Bestätigen: Mitglied macht allein weiter
staff-confirm-stay = Bestätigen: ich bleibe dabei
staff-error-invalid-id = Die Personalnummer hat 2 bis 32 Buchstaben, Ziffern oder Bindestriche.
staff-error-invalid-pin = Die PIN hat 6 bis 8 Ziffern.
staff-error-unknown-account = Diese Personalnummer ist an diesem Terminal nicht bekannt. Neue Konten kommen mit der nächsten Synchronisation.
staff-error-not-allowed = Dieses Konto darf an diesem Terminal nicht unterstützen (Rolle oder Geschäftsstelle).
staff-error-wrong-pin = Falsche PIN. Noch { $count } Versuche, dann wird das Konto an diesem Terminal gesperrt.
staff-error-locked-now = Falsche PIN: Das Konto ist an diesem Terminal jetzt für { $count } Minuten gesperrt.
staff-error-locked = Das Konto ist an diesem Terminal nach falschen PINs noch { $count } Minuten gesperrt.
staff-error-not-signed-in = Niemand ist angemeldet. Bitte melden Sie sich wieder an.
staff-error-already-signed-in = Es ist schon jemand angemeldet.
staff-error-member-session-active = Eine Sitzung eines Mitglieds läuft: bitte zuerst beenden.
staff-error-not-looked-up = Bitte wählen Sie das Mitglied aus den Suchergebnissen.
staff-error-document-expired = Das Dokument ist abgelaufen und kann das Mitglied nicht ausweisen.
staff-error-document-expiry-too-far = Kein Ausweisdokument gilt länger als 10 Jahre: bitte das Ablaufdatum prüfen.
staff-error-document-number-length = Bitte die letzten 4 Zeichen der Dokumentnummer eingeben.
staff-error-document-number-german = Deutsche Dokumentnummern enthalten nur Ziffern und die Buchstaben C F G H J K L M N P R T V W X Y Z.
staff-error-document-number-chars = Die letzten 4 Zeichen sind Buchstaben A–Z oder Ziffern.
staff-error-document-country = Bitte den ausstellenden Staat wählen (EU, EWR oder Schweiz).
staff-error-not-checked = Diese Sitzung wurde nicht mit einer Ausweisprüfung eröffnet.
staff-error-no-locked-letter = An diesem Terminal ist kein Brief dieses Mitglieds gesperrt.
staff-error-print-not-in-doubt = Dieser Druck ist nicht (mehr) im Zweifel.
error-out-of-service = Dieses Terminal ist vorübergehend außer Betrieb. Bitte wenden Sie sich an den Schalter.
