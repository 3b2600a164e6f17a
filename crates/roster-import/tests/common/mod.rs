//! The awkward-file corpus, built in code. `tests/corpus/` holds the same bytes (the test
//! `corpus_files_are_current` fails when they differ; run it with `ROSTER_WRITE_CORPUS=1` to
//! rewrite them).

#![allow(dead_code)]

use std::path::PathBuf;

pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "not Windows-1252: {text}");
    bytes.into_owned()
}

fn utf8_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

fn utf16le_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

fn utf16be_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    bytes
}

/// Every corpus file: name and bytes.
pub fn corpus() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        // German Excel "CSV (Trennzeichen-getrennt)": semicolons, Windows-1252, CRLF, an
        // empty row Excel left behind, personnel numbers with leading zeros (one lost).
        (
            "excel_de_semicolon_1252.csv",
            windows_1252(
                "Benutzername;Vorname;Nachname;E-Mail;Abteilung;Personalnummer\r\n\
                 jmueller;Jürgen;Müller;j.mueller@example.de;Vertrieb;00123\r\n\
                 jgarcia;José;García;j.garcia@example.de;Einkauf;00124\r\n\
                 sweiss;Sören;Weiß;s.weiss@example.de;Geschäftsführung;00125\r\n\
                 akoenig;Anna;König;a.koenig@example.de;Vertrieb;126\r\n\
                 ;;;;;\r\n",
            ),
        ),
        // French Excel with Excel's "sep=;" hint line, accents, a state column in French.
        (
            "excel_fr_sep_hint_1252.csv",
            windows_1252(
                "sep=;\r\n\
                 Prénom;Nom;Courriel;Département;Statut\r\n\
                 François;Lefèvre;f.lefevre@example.fr;Comptabilité;actif\r\n\
                 Hélène;Dupré;h.dupre@example.fr;Ventes;suspendu\r\n",
            ),
        ),
        // Excel "Unicode text": UTF-16 LE with a BOM, tabs, CRLF; an employee ID Excel turned
        // into scientific notation; a name outside Windows-1252.
        (
            "excel_unicode_text_utf16le.txt",
            utf16le_bom(
                "Username\tFirst Name\tLast Name\tEmail\tEmployee ID\r\n\
                 lwalesa\tŁukasz\tWałęsa\tl.walesa@example.pl\t123456\r\n\
                 zmoreau\tZoë\tMoreau\tz.moreau@example.fr\t1.23457E+05\r\n",
            ),
        ),
        // UTF-16 BE with a BOM, commas.
        (
            "utf16be_bom.csv",
            utf16be_bom("username,email\nbjensen,b.jensen@example.dk\n"),
        ),
        // UTF-8 with a BOM; a quoted description spanning lines; a quoted comma; CRLF.
        (
            "utf8_bom_quoted_newlines.csv",
            utf8_bom(
                "username,email,description,department\r\n\
                 amy,amy@example.com,\"Works part time.\r\nMondays and Tuesdays.\",\"Sales, EMEA\"\r\n\
                 ben,ben@example.com,\"Says \"\"hi\"\"\",Support\r\n\
                 cal,cal@example.com,\"Three\nline\nnote\",Support\r\n\
                 dee,dee@example.com,plain,Support\r\n",
            ),
        ),
        // Too few fields, too many, harmless trailing separators, and a quotation mark that
        // never closes.
        (
            "ragged_rows.csv",
            b"username,email,department\n\
              ok1,ok1@example.com,IT\n\
              short,short@example.com\n\
              long,long@example.com,IT,Extra,More\n\
              trailing,trailing@example.com,IT,,\n\
              broken,broken@example.com,\"IT\n\
              next,next@example.com,IT\n"
                .to_vec(),
        ),
        // Duplicates: usernames and emails differing only in capitals, an employee ID twice.
        (
            "duplicates.csv",
            b"username,email,employeeIdentifier\n\
              alice,alice@example.com,E1\n\
              ALICE,alice2@example.com,E2\n\
              bob,Alice@Example.com,E3\n\
              carol,carol@example.com,E1\n\
              dave,dave@example.com,e1\n"
                .to_vec(),
        ),
        // Email addresses admins really type.
        (
            "bad_emails.csv",
            b"username,email,alternateEmail\n\
              a,bob@,\n\
              b,bob.example.com,\n\
              c,bob@example,\n\
              d,bob smith@example.com,\n\
              e,\"bob@example.com, eve@example.com\",\n\
              f,good@example.com,alt@\n\
              g,,\n"
                .to_vec(),
        ),
        // Values a spreadsheet would run as formulas, a spreadsheet error, phone numbers that
        // only look like them.
        (
            "formulas.csv",
            b"username,email,department,jobTitle,mobile_number,manager\n\
              u1,u1@example.com,=HYPERLINK(\"http://x\"),Clerk,+44 20 7946 0000,\n\
              u2,u2@example.com,Sales,@SUM(1+1),-,\n\
              u3,u3@example.com,+cmd|' /C calc'!A0,Clerk,,#N/A\n\
              u4,u4@example.com,-Ops,Clerk,(555) 010-0000,\n"
                .to_vec(),
        ),
        // Blank and white-space lines, non-breaking spaces around headers and values, LF.
        (
            "blank_lines_nbsp.csv",
            "\n\u{a0}Username\u{a0},\u{a0}Email \n\n  jo\u{a0},\u{a0}jo@example.com\u{202f}\n   \n\t\nkim,kim@example.com\n\n"
                .as_bytes()
                .to_vec(),
        ),
        // A Google Workspace "Download users" export (bulk update format).
        (
            "google_workspace_export.csv",
            b"First Name [Required],Last Name [Required],Email Address [Required],Password [Required],Password Hash Function [UPLOAD ONLY],Org Unit Path [Required],New Primary Email [UPLOAD ONLY],Recovery Email,Home Secondary Email,Work Secondary Email,Recovery Phone [MUST BE IN THE E.164 FORMAT],Work Phone,Home Phone,Mobile Phone,Work Address,Home Address,Employee ID,Employee Type,Employee Title,Manager Email,Department,Cost Center,Status [READ ONLY]\n\
              Grace,Hopper,grace@example.org,****,,/,,grace.recovery@example.net,,,+15550100,,,+1 555 0100,,,007,Full-time,Rear Admiral,boss@example.org,Navy,CC-1,Active\n\
              Alan,Turing,alan@example.org,****,,/Research,,,alan@home.example,,,,,,,,008,Contractor,Researcher,grace@example.org,Research,,Suspended\n"
                .to_vec(),
        ),
        // A Microsoft Entra "Bulk create users" template, filled in.
        (
            "m365_entra_bulk_create.csv",
            b"version:v1.0\r\n\
              Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,First name [givenName],Last name [surname],Job title [jobTitle],Department [department],Usage location [usageLocation],Street address [streetAddress],State or province [state],Country or region [country],Office [physicalDeliveryOfficeName],City [city],ZIP or postal code [postalCode],Office phone [telephoneNumber],Mobile phone [mobile]\r\n\
              Chris Green,chris@contoso.example,Welcome-2024!,No,Chris,Green,Analyst,Finance,US,1 Main St,WA,United States,HQ,Redmond,98052,555 0100,555 0101\r\n\
              Dana Lee,dana@contoso.example,Welcome-2024!,Yes,Dana,Lee,Engineer,R&D,US,,,United States,,,,,\r\n"
                .to_vec(),
        ),
        // A Microsoft 365 admin center "Add multiple users" file: the user name is the
        // sign-in address.
        (
            "m365_admin_add_users.csv",
            b"User Name,First Name,Last Name,Display Name,Job Title,Department,Office Number,Office Phone,Mobile Phone,Fax,Alternate email address,Address,City,State or Province,ZIP or Postal Code,Country or Region\r\n\
              eva@contoso.example,Eva,Park,Eva Park,Manager,Sales,B-12,555 0102,,,eva.park@home.example,2 Side St,Seattle,WA,98101,United States\r\n"
                .to_vec(),
        ),
        // An HR system export (BambooHR style) with columns JumpCloud has no field for.
        (
            "hr_export.csv",
            b"Employee #,First Name,Last Name,Preferred Name,Work Email,Personal Email,Job Title,Department,Division,Location,Reports To,Hire Date,Mobile Phone\n\
              0042,Ivy,Nguyen,Ivy,ivy@example.com,ivy@mail.example,Designer,Product,North,Remote,ceo@example.com,2021-03-01,555 0199\n"
                .to_vec(),
        ),
        // Microsoft 365 "Add multiple users" sample CSV downloaded "with sample data": the
        // fictional Contoso example people are still in it, above one real row.
        (
            "m365_sample_with_examples.csv",
            b"User Name,First Name,Last Name,Display Name,Job Title,Department,Office Number,Office Phone,Mobile Phone,Fax,Alternate email address,Address,City,State or Province,ZIP or Postal Code,Country or Region\r\n\
              chris@contoso.com,Chris,Green,Chris Green,IT Manager,Information Technology,123451,123-555-1211,123-555-6641,123-555-6700,chris@contoso.com,1 Microsoft way,Redmond,Wa,98052,United States\r\n\
              ben@contoso.com,Ben,Andrews,Ben Andrews,IT Manager,Information Technology,123452,123-555-1212,123-555-6642,123-555-6700,chris@contoso.com,1 Microsoft way,Redmond,Wa,98052,United States\r\n\
              noor@fabrikam.example,Noor,Haddad,Noor Haddad,Buyer,Purchasing,7,555 0150,,,,,Tacoma,WA,98402,United States\r\n"
                .to_vec(),
        ),
        // Microsoft Entra "Bulk create users" template with its examples row (row 3) left in.
        (
            "entra_bulk_create_examples_row.csv",
            b"version:v1.0\r\n\
              Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,First name [givenName],Last name [surname]\r\n\
              Chris Green,chris@contoso.com,myPassword1234,No,Chris,Green\r\n\
              Omar Diaz,omar@fabrikam.example,Start-Here-42,no,Omar,Diaz\r\n"
                .to_vec(),
        ),
        // A BambooHR-style report: a title and a "Generated on" line above the header, US
        // dates, Status Active/Inactive, Employment Status with "Terminated", a blank
        // separator row, then a total and a page number.
        (
            "bamboohr_report_with_footer.csv",
            b"Employee Directory\n\
              Generated on 11/30/2026 09:15\n\
              Employee #,First Name,Last Name,Work Email,Status,Employment Status,Hire Date,Termination Date\n\
              101,Rosa,Lind,rosa@example.com,Active,Full-Time,12/31/2025,\n\
              102,Tom,Berg,tom@example.com,Inactive,Full-Time,01/15/2020,06/30/2026\n\
              103,Uma,Sato,uma@example.com,Active,Terminated,03/01/2021,11/01/2026\n\
              ,,,,,,,\n\
              Total: 3,,,,,,,\n\
              Page 1 of 1\n"
                .to_vec(),
        ),
        // Workday- and HiBob-style exports: European dates, "Active Status" Yes/No and
        // "Lifecycle status" (Employed, Terminated), semicolons.
        (
            "workday_hibob_status.csv",
            "Worker ID;Legal First Name;Legal Last Name;Email - Work;Active Status;Lifecycle status;Hire Date\r\n\
             W-0001;Lena;Vogt;lena.vogt@example.de;Yes;Employed;31.12.2025\r\n\
             W-0002;Karl;Marx;karl.m@example.de;No;Employed;01.04.2019\r\n\
             W-0003;Ida;Roth;ida.roth@example.de;1;Terminated;15.06.2022\r\n\
             Report generated 30.11.2026;;;;;;\r\n"
                .as_bytes()
                .to_vec(),
        ),
        // Old Mac line ends (CR only) and vertical bars.
        (
            "mac_cr_pipes.csv",
            b"username|email|department\rpia|pia@example.com|IT\rraj|raj@example.com|HR\r".to_vec(),
        ),
    ]
}

/// Files that are not tables.
pub fn unreadable() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("empty.csv", Vec::new()),
        ("blank.csv", b"\r\n  \r\n\t\r\n".to_vec()),
        (
            "workbook.xlsx",
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00".to_vec(),
        ),
        (
            "picture.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01".to_vec(),
        ),
    ]
}

/// xorshift64*: small, deterministic, good enough to pick mutations.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}
