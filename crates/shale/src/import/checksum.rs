//! The checksums the tools record in their history tables, computed the way each tool
//! computes them, so that a live database's entries can be checked against the files.

use sha2::{Digest, Sha384};

/// sqlx: the SHA-384 of the migration file's text, as lowercase hex (the table stores the
/// 48 bytes; `history` reads them as hex).
pub fn sha384_hex(text: &str) -> String {
    Sha384::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Flyway: CRC-32 over the file's lines without their line breaks (a byte order mark at
/// the start left out), as the signed 32-bit integer Flyway stores. Reading line by line
/// and updating the CRC with each line is the same as one CRC of the text with every
/// `\r` and `\n` removed.
pub fn crc32_lines(text: &str) -> i32 {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut crc = !0u32;
    for &b in text.as_bytes() {
        if b == b'\r' || b == b'\n' {
            continue;
        }
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc as i32
}

/// refinery: `SipHasher13::new()` (both keys zero) fed with the migration's name, version
/// (an `i32`) and SQL through `Hash`, as refinery's `Migration::unapplied` does; a `str`
/// hashes as its bytes followed by `0xff`. Stored as the decimal `u64`.
pub fn refinery_checksum(name: &str, version: i32, sql: &str) -> u64 {
    let mut bytes = Vec::with_capacity(name.len() + sql.len() + 6);
    bytes.extend_from_slice(name.as_bytes());
    bytes.push(0xff);
    bytes.extend_from_slice(&version.to_ne_bytes());
    bytes.extend_from_slice(sql.as_bytes());
    bytes.push(0xff);
    siphash13(&bytes)
}

/// SipHash-1-3 with a zero key.
fn siphash13(data: &[u8]) -> u64 {
    let mut v = [
        0x736f_6d65_7073_6575u64,
        0x646f_7261_6e64_6f6d,
        0x6c79_6765_6e65_7261,
        0x7465_6462_7974_6573,
    ];
    let round = |v: &mut [u64; 4]| {
        v[0] = v[0].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[2] = v[2].rotate_left(32);
    };
    let chunks = data.chunks_exact(8);
    let tail = chunks.remainder();
    for chunk in chunks {
        let m = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        v[3] ^= m;
        round(&mut v);
        v[0] ^= m;
    }
    let mut last = (data.len() as u64 & 0xff) << 56;
    for (i, &b) in tail.iter().enumerate() {
        last |= u64::from(b) << (8 * i);
    }
    v[3] ^= last;
    round(&mut v);
    v[0] ^= last;
    v[2] ^= 0xff;
    for _ in 0..3 {
        round(&mut v);
    }
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{Hash, Hasher};

    #[test]
    fn refinery_matches_the_standard_library_siphash13() {
        // `DefaultHasher::new()` is SipHash-1-3 with zero keys: hashing the same values
        // the way refinery does must give the same number.
        for (name, version, sql) in [
            ("initial", 1, "CREATE TABLE t (id INT);\n"),
            ("add_users_email_index", 42, ""),
            ("x", -7, "SELECT 'é';"),
        ] {
            #[allow(deprecated)]
            let mut h = std::collections::hash_map::DefaultHasher::new();
            name.hash(&mut h);
            version.hash(&mut h);
            sql.hash(&mut h);
            assert_eq!(refinery_checksum(name, version, sql), h.finish(), "{name}");
        }
    }

    #[test]
    fn flyway_crc_ignores_line_breaks_and_bom() {
        // CRC-32 of "123456789" is 0xCBF43926.
        assert_eq!(crc32_lines("123456789"), 0xCBF4_3926u32 as i32);
        assert_eq!(
            crc32_lines("\u{feff}1234\r\n56789\n"),
            0xCBF4_3926u32 as i32
        );
    }

    #[test]
    fn sqlx_sha384() {
        assert_eq!(
            sha384_hex(""),
            "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"
        );
    }
}
