//! The text of an import file from its bytes (pure). Excel's plain "CSV" is
//! Windows-1252, not UTF-8: read as UTF-8, "Zürich Café" would become
//! "Z�rich Caf�" and be stored so. So the encoding is detected (a byte-order
//! mark names UTF-8 or UTF-16; else UTF-8 when the bytes are valid UTF-8,
//! else Windows-1252), said, and can be chosen. What is no character in the
//! encoding becomes U+FFFD, which makes its row a problem row (`plan.rs`),
//! never sent as is.

/// An encoding an import file may be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

/// What stands for a byte (or pair) that is no character in the encoding.
const UNREADABLE: char = '\u{fffd}';

/// Windows-1252's bytes 0x80 to 0x9F (the rest are Latin-1's, which Unicode
/// shares). The five it leaves undefined are unreadable.
const WINDOWS_1252_80_TO_9F: [char; 32] = [
    '€', UNREADABLE, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', UNREADABLE, 'Ž', UNREADABLE, //
    UNREADABLE, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', UNREADABLE, 'ž', 'Ÿ',
];

const UTF8_MARK: &[u8] = &[0xef, 0xbb, 0xbf];
const UTF16_LE_MARK: &[u8] = &[0xff, 0xfe];
const UTF16_BE_MARK: &[u8] = &[0xfe, 0xff];

impl Encoding {
    /// As the choice offers them.
    pub const ALL: [Encoding; 4] = [Encoding::Utf8, Encoding::Windows1252, Encoding::Utf16Le, Encoding::Utf16Be];

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }

    pub fn named(name: &str) -> Option<Encoding> {
        Encoding::ALL.into_iter().find(|e| e.name() == name)
    }

    /// The encoding `bytes` are in, and why it is that one.
    pub fn detect(bytes: &[u8]) -> (Encoding, &'static str) {
        let marked = |mark: &[u8]| bytes.starts_with(mark);
        if marked(UTF8_MARK) {
            (Encoding::Utf8, "its byte-order mark says so")
        } else if marked(UTF16_LE_MARK) {
            (Encoding::Utf16Le, "its byte-order mark says so")
        } else if marked(UTF16_BE_MARK) {
            (Encoding::Utf16Be, "its byte-order mark says so")
        } else if std::str::from_utf8(bytes).is_ok() {
            (Encoding::Utf8, "the file is valid UTF-8")
        } else {
            (Encoding::Windows1252, "the file is not valid UTF-8")
        }
    }

    /// The text of `bytes` in this encoding, without its byte-order mark;
    /// U+FFFD for what is no character in it.
    pub fn decode(self, bytes: Vec<u8>) -> String {
        match self {
            Encoding::Utf8 => {
                let text = bytes.strip_prefix(UTF8_MARK).unwrap_or(&bytes);
                match std::str::from_utf8(text) {
                    Ok(_) if text.len() == bytes.len() => String::from_utf8(bytes).unwrap_or_default(),
                    _ => String::from_utf8_lossy(text).into_owned(),
                }
            }
            Encoding::Utf16Le => utf16(bytes.strip_prefix(UTF16_LE_MARK).unwrap_or(&bytes), u16::from_le_bytes),
            Encoding::Utf16Be => utf16(bytes.strip_prefix(UTF16_BE_MARK).unwrap_or(&bytes), u16::from_be_bytes),
            Encoding::Windows1252 => bytes
                .iter()
                .map(|&byte| match byte {
                    0x80..=0x9f => WINDOWS_1252_80_TO_9F[usize::from(byte - 0x80)],
                    _ => char::from(byte),
                })
                .collect(),
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let pairs = bytes.chunks_exact(2);
    let odd = !pairs.remainder().is_empty();
    let mut text: String =
        char::decode_utf16(pairs.map(|pair| unit([pair[0], pair[1]]))).map(|c| c.unwrap_or(UNREADABLE)).collect();
    if odd {
        text.push(UNREADABLE);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, unit: fn(u16) -> [u8; 2], mark: &[u8]) -> Vec<u8> {
        mark.iter().copied().chain(text.encode_utf16().flat_map(unit)).collect()
    }

    #[test]
    fn the_encoding_is_the_byte_order_marks_else_utf8_when_valid_else_windows_1252() {
        let cases: [(Vec<u8>, Encoding, &str); 7] = [
            (b"\xef\xbb\xbfname\nZ\xc3\xbcrich\n".to_vec(), Encoding::Utf8, "mark"),
            (utf16("name", u16::to_le_bytes, UTF16_LE_MARK), Encoding::Utf16Le, "mark"),
            (utf16("name", u16::to_be_bytes, UTF16_BE_MARK), Encoding::Utf16Be, "mark"),
            ("name\nZürich Café 🌿\n".into(), Encoding::Utf8, "valid"),
            (b"name\nAcme\n".to_vec(), Encoding::Utf8, "valid"),
            (Vec::new(), Encoding::Utf8, "valid"),
            (b"name\nZ\xfcrich Caf\xe9\n".to_vec(), Encoding::Windows1252, "not valid"),
        ];
        for (bytes, encoding, why) in cases {
            let (found, said) = Encoding::detect(&bytes);
            assert_eq!(found, encoding, "{bytes:?}");
            assert!(said.contains(why), "{bytes:?}: {said}");
        }
    }

    #[test]
    fn windows_1252_reads_every_byte_as_its_character() {
        let high: Vec<u8> = (0x80..=0x9f).collect();
        assert_eq!(
            Encoding::Windows1252.decode(high),
            "€\u{fffd}‚ƒ„…†‡ˆ‰Š‹Œ\u{fffd}Ž\u{fffd}\u{fffd}‘’“”•–—˜™š›œ\u{fffd}žŸ",
            "the five bytes Windows-1252 leaves undefined are unreadable"
        );
        let latin: Vec<u8> = (0xa0..=0xff).collect();
        let expected: String = (0xa0..=0xffu32).filter_map(char::from_u32).collect();
        assert_eq!(Encoding::Windows1252.decode(latin), expected);
        assert_eq!(
            Encoding::Windows1252.decode(b"Z\xfcrich Caf\xe9 \x93Ol\xe9\x94 \x80 5".to_vec()),
            "Zürich Café “Olé” € 5"
        );
    }

    #[test]
    fn each_encoding_decodes_its_own_bytes_without_the_byte_order_mark() {
        let text = "name,city\r\nZürich Café 🌿,Łódź\r\n";
        let cases: [(Encoding, Vec<u8>); 5] = [
            (Encoding::Utf8, text.into()),
            (Encoding::Utf8, [UTF8_MARK, text.as_bytes()].concat()),
            (Encoding::Utf16Le, utf16(text, u16::to_le_bytes, UTF16_LE_MARK)),
            (Encoding::Utf16Be, utf16(text, u16::to_be_bytes, UTF16_BE_MARK)),
            (Encoding::Utf16Le, utf16(text, u16::to_le_bytes, &[])),
        ];
        for (encoding, bytes) in cases {
            assert_eq!(encoding.decode(bytes), text, "{encoding:?}");
        }
    }

    #[test]
    fn what_is_no_character_in_the_chosen_encoding_is_unreadable() {
        assert_eq!(Encoding::Utf8.decode(b"Z\xfcrich".to_vec()), "Z\u{fffd}rich");
        let lone_surrogate = [0x3d, 0xd8, 0x41, 0x00];
        assert_eq!(Encoding::Utf16Le.decode(lone_surrogate.to_vec()), "\u{fffd}A");
        assert_eq!(Encoding::Utf16Be.decode(vec![0x00, 0x41, 0x42]), "A\u{fffd}", "an odd last byte");
    }

    #[test]
    fn an_encoding_is_found_by_its_name() {
        for encoding in Encoding::ALL {
            assert_eq!(Encoding::named(encoding.name()), Some(encoding));
        }
        assert_eq!(Encoding::named("Latin-9"), None);
    }
}
