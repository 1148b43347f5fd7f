//! The XMP metadata packet PDF/A requires (identification part 2, conformance B), matching the
//! Info dictionary, plus the verification token in a namespace of our own, declared with a
//! PDF/A extension schema, so that a verifier reads it without scanning the QR code. Nothing
//! personal goes here but the token, which the printed QR code carries anyway.

use time::OffsetDateTime;

/// Our namespace (in the reserved `.invalid` domain: a name, never fetched).
pub(crate) const NAMESPACE: &str = "https://ns.kiosk.invalid/document/1.0/";
const TOKEN_OPEN: &str = "<kd:token>";
const TOKEN_CLOSE: &str = "</kd:token>";

pub(crate) struct Xmp<'a> {
    pub(crate) title: &'a str,
    pub(crate) author: &'a str,
    pub(crate) creator_tool: &'a str,
    pub(crate) producer: &'a str,
    pub(crate) created: OffsetDateTime,
    pub(crate) document_id: &'a str,
    pub(crate) token: &'a str,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// ISO 8601 with offset, to the second, as XMP dates are written.
pub(crate) fn xmp_date(at: OffsetDateTime) -> String {
    let offset = at.offset();
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        offset.whole_hours().unsigned_abs(),
        offset.minutes_past_hour().unsigned_abs()
    )
}

impl Xmp<'_> {
    pub(crate) fn packet(&self) -> Vec<u8> {
        let date = xmp_date(self.created);
        let title = escape(self.title);
        let author = escape(self.author);
        let tool = escape(self.creator_tool);
        let producer = escape(self.producer);
        let id = escape(self.document_id);
        let token = escape(self.token);
        // The packet header's byte order mark, as XMP writes it.
        const BOM: char = '\u{feff}';
        format!(
            r#"<?xpacket begin="{BOM}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:kd="{NAMESPACE}">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>de-DE</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{tool}</xmp:CreatorTool>
   <xmpMM:DocumentID>uuid:{id}</xmpMM:DocumentID>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   {TOKEN_OPEN}{token}{TOKEN_CLOSE}
  </rdf:Description>
  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>Kiosk document verification</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>{NAMESPACE}</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>kd</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>token</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>The signed verification token (KD1), as in the QR code</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#
        )
        .into_bytes()
    }
}

/// The token from a metadata packet, if it has exactly one (base45 needs no unescaping: its
/// alphabet has no XML special characters, and a token with an entity in it fails parsing).
pub(crate) fn token(packet: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(packet).ok()?;
    let start = text.find(TOKEN_OPEN)? + TOKEN_OPEN.len();
    let end = start + text.get(start..)?.find(TOKEN_CLOSE)?;
    if text.get(end + TOKEN_CLOSE.len()..)?.contains(TOKEN_OPEN) {
        return None;
    }
    Some(text.get(start..end)?.to_owned())
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn the_token_round_trips_through_the_packet() {
        let xmp = Xmp {
            title: "Mitgliedsbescheinigung",
            author: "Gesundheitskasse <Nord> & Co",
            creator_tool: "kiosk",
            producer: "kiosk-documents",
            created: datetime!(2026-11-02 14:05:30 +01:00),
            document_id: "00112233-4455-6677-8899-aabbccddeeff",
            token: "KD1:ABC $%*+-./:",
        };
        let packet = xmp.packet();
        let text = String::from_utf8(packet.clone()).expect("utf-8");
        assert!(text.contains("Gesundheitskasse &lt;Nord&gt; &amp; Co"));
        assert!(text.contains("<xmp:CreateDate>2026-11-02T14:05:30+01:00</xmp:CreateDate>"));
        assert_eq!(token(&packet).as_deref(), Some("KD1:ABC $%*+-./:"));
        assert_eq!(token(b"<kd:token>a</kd:token><kd:token>b</kd:token>"), None);
        assert_eq!(token(b"<kd:token>a"), None);
    }
}
