//! The Word export, written by hand as the smallest valid WordprocessingML package: content
//! types, relationships, a style sheet (with a Quote style) and the document. Each excerpt is a
//! Quote paragraph followed by its citation; the reference list closes the document.

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use super::{PackDocument, RefStyle, ILLUSTRATIVE_ITEM, WITHDRAWN_ITEM};
use crate::archive::xml::escape;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

// Sizes are in half-points, spacing and indents in twentieths of a point.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:b/><w:sz w:val="48"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:left="720" w:right="720"/></w:pPr><w:rPr><w:i/></w:rPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="QuoteCitation"><w:name w:val="Quote Citation"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:ind w:left="720" w:right="720"/><w:spacing w:after="320"/></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Bibliography"><w:name w:val="Bibliography"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720" w:hanging="720"/></w:pPr></w:style></w:styles>"#;

/// One paragraph in a style (`None`: Normal).
fn paragraph(out: &mut String, style: Option<&str>, text: &str) {
    out.push_str("<w:p>");
    if let Some(style) = style {
        out.push_str(&format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"));
    }
    out.push_str(&format!(
        "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        escape(text)
    ));
}

/// `word/document.xml` for the pack.
pub(super) fn document_xml(doc: &PackDocument, style: RefStyle) -> String {
    let mut body = String::new();
    paragraph(&mut body, Some("Title"), &doc.title);
    paragraph(&mut body, None, &format!("Evidence pack: {}", doc.address));
    if let Some(note) = doc.withdrawn_note() {
        paragraph(&mut body, None, &format!("Note: {note}"));
    }
    for text in crate::markdown::paragraph_texts(&doc.intro) {
        paragraph(&mut body, None, &text);
    }
    for (i, e) in doc.entries.iter().enumerate() {
        match &e.excerpt {
            Some(x) => {
                paragraph(
                    &mut body,
                    Some("Heading2"),
                    &format!("{}. {}", i + 1, x.title),
                );
                if x.illustrative {
                    paragraph(&mut body, None, ILLUSTRATIVE_ITEM);
                }
                for p in &x.paragraphs {
                    paragraph(&mut body, Some("Quote"), p);
                }
                paragraph(&mut body, Some("QuoteCitation"), style.of(&x.citation));
            }
            None => {
                paragraph(
                    &mut body,
                    Some("Heading2"),
                    &format!("{}. Withdrawn", i + 1),
                );
                paragraph(
                    &mut body,
                    Some("QuoteCitation"),
                    &format!("{WITHDRAWN_ITEM} {}", e.address),
                );
            }
        }
    }
    paragraph(
        &mut body,
        Some("Heading1"),
        &format!("References ({})", style.label()),
    );
    for r in doc.references(style) {
        paragraph(&mut body, Some("Bibliography"), &r);
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    )
}

fn core_xml(doc: &PackDocument) -> String {
    // No dates: when a pack was made or exported says something about its maker.
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:creator>Chorus</dc:creator></cp:coreProperties>",
        escape(&doc.title)
    )
}

/// The pack as a `.docx` file. Entries carry zip's fixed default time (1980), not now.
pub fn docx(doc: &PackDocument, style: RefStyle) -> std::io::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let parts: [(&str, String); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", PACKAGE_RELS.to_owned()),
        ("docProps/core.xml", core_xml(doc)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/styles.xml", STYLES.to_owned()),
        ("word/document.xml", document_xml(doc, style)),
    ];
    for (name, content) in parts {
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn document_xml_escapes_text_and_puts_quotes_before_citations() {
        let xml = document_xml(&sample(), RefStyle::Apa);
        assert!(xml.contains("Restraint &lt;on&gt; wards &amp; after"));
        let quote = xml.find("Four of them held me down.").unwrap();
        let cite = xml
            .find("Chorus. https://chorus.example/stories/k3mv9xq2dr/v/2#p3")
            .unwrap();
        assert!(quote < cite);
        assert!(xml.contains("<w:pStyle w:val=\"Quote\"/>"));
        assert!(!xml.contains('\u{1}'));
    }

    #[test]
    fn the_package_is_a_zip_with_the_parts_word_needs() {
        let bytes = docx(&sample(), RefStyle::Vancouver).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let text = String::from_utf8_lossy(&bytes);
        for part in [
            "[Content_Types].xml",
            "word/document.xml",
            "word/styles.xml",
        ] {
            assert!(text.contains(part), "{part}");
        }
    }
}
