//! 24-character lowercase hex ObjectIds.

/// True when `s` looks like a Mongo ObjectId as JumpCloud prints them.
pub fn is_object_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Builds an ObjectId from a timestamp (seconds), a 5-byte "machine" part and a counter, like Mongo.
/// Ids made later sort after ids made earlier, so sorting by `_id` is creation order.
pub fn object_id(ts_secs: u64, machine: u64, counter: u64) -> String {
    format!(
        "{:08x}{:010x}{:06x}",
        ts_secs & 0xffff_ffff,
        machine & 0xff_ffff_ffff,
        counter & 0xff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_24_hex() {
        let id = object_id(1_700_000_000, 0xabcdef0123, 7);
        assert_eq!(id.len(), 24);
        assert!(is_object_id(&id));
        assert!(!is_object_id("123456"));
        assert!(!is_object_id("ABCDEF0123456789abcdef01"));
    }
}
