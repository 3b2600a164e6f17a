//! Turning the file's bytes into text: byte order marks, UTF-8, UTF-16, legacy code pages.
//!
//! The order of the checks:
//! 1. a byte order mark (UTF-8, UTF-16 LE, UTF-16 BE) decides;
//! 2. UTF-16 without a mark, recognised by the zero bytes of ASCII text in every other position;
//! 3. bytes that are valid UTF-8 are UTF-8;
//! 4. otherwise a legacy code page as guessed by `chardetng` (in practice Windows-1252 for
//!    Western European Excel exports), Windows-1252 when it has no better guess.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// The text of a file and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The decoded text, without the byte order mark.
    pub text: String,
    /// The encoding used (its WHATWG name, e.g. `UTF-8`, `UTF-16LE`, `windows-1252`).
    pub encoding: &'static Encoding,
    /// Whether the file started with a byte order mark.
    pub bom: bool,
    /// Whether some bytes could not be decoded and were replaced by U+FFFD.
    pub had_errors: bool,
}

/// Decodes `bytes`, detecting the encoding.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        return Decoded {
            text: text.into_owned(),
            encoding,
            bom: true,
            had_errors,
        };
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        return Decoded {
            text: text.into_owned(),
            encoding,
            bom: false,
            had_errors,
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            encoding: UTF_8,
            bom: false,
            had_errors: false,
        };
    }
    let encoding = guess_legacy(bytes);
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding,
        bom: false,
        had_errors,
    }
}

/// Recognises UTF-16 text without a byte order mark: in a sample of the first bytes, most
/// code units of ASCII text have a zero high byte, which sits in the odd (LE) or even (BE)
/// positions.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut zero_even, mut zero_odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if pair[0] == 0 {
            zero_even += 1;
        }
        if pair[1] == 0 {
            zero_odd += 1;
        }
    }
    // Text in UTF-16 has (nearly) no zero bytes on one side and many on the other.
    if zero_odd * 10 >= pairs * 6 && zero_even * 20 <= pairs {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 6 && zero_odd * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Guesses a legacy (non-Unicode) encoding with chardetng. Short Western European samples are
/// often guessed as a neighbouring code page that decodes them to the very same text (ü, é
/// and á sit at the same bytes in Windows-1250 and Windows-1252); then Windows-1252, the code
/// page Excel uses for "CSV" on Western European and American Windows, is named instead.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    const SAMPLE_LIMIT: usize = 1 << 20;
    let mut detector = chardetng::EncodingDetector::new();
    // Only lines with non-ASCII bytes tell encodings apart; feeding just those (up to
    // SAMPLE_LIMIT) keeps large files fast.
    let mut fed = 0usize;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        if fed >= SAMPLE_LIMIT {
            break;
        }
        if !line.is_ascii() {
            detector.feed(line, false);
            fed += line.len();
        }
    }
    detector.feed(&[], true);
    let guess = detector.guess(None, false);
    if guess == WINDOWS_1252 || guess == UTF_8 || guess == UTF_16LE || guess == UTF_16BE {
        return WINDOWS_1252;
    }
    let (as_guess, guess_errors) = guess.decode_without_bom_handling(bytes);
    let (as_1252, errors_1252) = WINDOWS_1252.decode_without_bom_handling(bytes);
    if as_guess == as_1252 && guess_errors == errors_1252 {
        WINDOWS_1252
    } else {
        guess
    }
}

/// The encoding's name in plain words, for the admin.
pub fn plain_name(encoding: &'static Encoding) -> String {
    let name = encoding.name();
    match name {
        "UTF-8" => "UTF-8".to_owned(),
        "UTF-16LE" => "UTF-16 (little-endian)".to_owned(),
        "UTF-16BE" => "UTF-16 (big-endian)".to_owned(),
        "windows-1252" => "Windows-1252".to_owned(),
        other => {
            if let Some(number) = other.strip_prefix("windows-") {
                format!("Windows-{number}")
            } else {
                other.to_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("name,email\nJosé,j@x.com\n".as_bytes());
        assert_eq!(plain.encoding, UTF_8);
        assert!(!plain.bom);
        assert!(plain.text.contains("José"));

        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice("a,b\n".as_bytes());
        let decoded = decode(&with_bom);
        assert_eq!(decoded.encoding, UTF_8);
        assert!(decoded.bom);
        assert_eq!(decoded.text, "a,b\n");
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let text = "Name\tEmail\r\nMüller\tm@x.de\r\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        let d = decode(&le);
        assert_eq!((d.encoding, d.bom, d.text.as_str()), (UTF_16LE, true, text));
        let d = decode(&be);
        assert_eq!((d.encoding, d.bom, d.text.as_str()), (UTF_16BE, true, text));
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let text = "username,email\nann,ann@example.com\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let d = decode(&le);
        assert_eq!(
            (d.encoding, d.bom, d.text.as_str()),
            (UTF_16LE, false, text)
        );
    }

    #[test]
    fn windows_1252_fallback() {
        let (bytes, _, _) = WINDOWS_1252.encode("Nachname;Vorname\nMüller;José\nGarçon;Zoë\n");
        let d = decode(&bytes);
        assert_eq!(d.encoding, WINDOWS_1252);
        assert!(d.text.contains("Müller"));
        assert!(d.text.contains("José"));
    }

    #[test]
    fn plain_names() {
        assert_eq!(plain_name(WINDOWS_1252), "Windows-1252");
        assert_eq!(plain_name(UTF_16LE), "UTF-16 (little-endian)");
        assert_eq!(plain_name(encoding_rs::WINDOWS_1250), "Windows-1250");
    }
}
