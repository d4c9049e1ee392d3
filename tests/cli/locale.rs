//! CSV for spreadsheets in any locale: other separators and a decimal comma, read back
//! with the same settings.

use crate::{rccost, stdout, temp};

fn export(args: &[&str]) -> String {
    let dir = temp();
    let mut all = vec![
        "export",
        "--scenario",
        "current",
        "--users",
        "1..60",
        "--out",
        "-",
    ];
    all.extend(args);
    stdout(rccost(dir.path()).args(all))
}

/// The records of `text` split by `delimiter`, with a decimal comma turned back into
/// a point in every cell that is an amount.
fn read_back(text: &str, delimiter: u8, decimal_comma: bool) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.unwrap()
                .iter()
                .map(|cell| {
                    let is_amount = cell.chars().all(|c| c.is_ascii_digit() || c == ',');
                    if decimal_comma && is_amount {
                        cell.replace(',', ".")
                    } else {
                        cell.to_string()
                    }
                })
                .collect()
        })
        .collect()
}

#[test]
fn every_separator_and_decimal_comma_reads_back_as_the_plain_export() {
    for layout in [&["--totals"][..], &["--wide"][..]] {
        let plain = read_back(&export(layout), b',', false);
        assert!(plain.len() > 60, "{} rows", plain.len());
        let cases: [(&str, u8, bool); 5] = [
            (";", b';', true),
            ("tab", b'\t', true),
            ("|", b'|', true),
            (";", b';', false),
            (":", b':', false),
        ];
        for (name, byte, comma) in cases {
            let mut args = layout.to_vec();
            args.extend(["--delimiter", name]);
            if comma {
                args.push("--decimal-comma");
            }
            let text = export(&args);
            let back = read_back(&text, byte, comma);
            assert_eq!(back, plain, "{args:?}");
            if comma {
                assert!(!text.contains('.'), "no decimal point left with {args:?}");
            }
        }
    }
}

#[test]
fn a_german_spreadsheet_row_by_hand() {
    // blog-2016: Slack Standard is $6.67 a seat, so 15 users cost $100.05 a month.
    let dir = temp();
    let text = stdout(rccost(dir.path()).args([
        "export",
        "--users",
        "15",
        "--models",
        "slack-standard",
        "--delimiter",
        ";",
        "--decimal-comma",
        "--out",
        "-",
    ]));
    assert_eq!(
        text,
        "users;model;monthly_cost;per_user_cost;currency\n15;slack-standard;100,05;6,67;USD\n"
    );
}

#[test]
fn a_decimal_comma_is_refused_with_a_comma_separator() {
    let dir = temp();
    for extra in [&[][..], &["--delimiter", ","][..]] {
        let mut args = vec!["export", "--decimal-comma", "--out", "-"];
        args.extend(extra);
        let out = rccost(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--delimiter ';'"), "{err}");
        assert!(out.stdout.is_empty());
    }
    let out = rccost(dir.path())
        .args(["export", "--delimiter", ".", "--out", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = rccost(dir.path())
        .args([
            "export",
            "--format",
            "json",
            "--decimal-comma",
            "--out",
            "-",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
