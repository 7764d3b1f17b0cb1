//! The user CSV reader (issue 19): RFC 4180 quoting gives the same rows as plain cells, and a
//! 16 MB accounts file is read in linear time.

use yibao::model::accounts::{Accounts, Item, Scheme};
use yibao::model::data::Dataset;

const HEAD: &str = "code,year,scheme,item,value,unit,tag,source_id\n";

#[test]
fn quoted_cells_give_the_same_rows_as_plain_ones() {
    let codes = ["TJ", "BJ"];
    let plain = Accounts::parse(
        "p.csv",
        &format!("{HEAD}TJ,2022,resident,income,55.4797,亿元,published,P-TJ\n"),
        &codes,
    )
    .expect("plain");
    let quoted = Accounts::parse(
        "q.csv",
        "\u{feff}\"code\",\"year\",\"scheme\",\"item\",\"value\",\"unit\",\"tag\",\"source_id\"\r\n\"TJ\",\"2022\",\"resident\",\"income\",\" 55.4797 \",\"亿元\",\"published\",\"P-TJ\"\r\n",
        &codes,
    )
    .expect("quoted");
    let (p, q) = (&plain.rows[0], &quoted.rows[0]);
    assert_eq!(
        (&p.code, p.year, p.scheme, p.item, p.value, &p.source_id),
        (&q.code, q.year, q.scheme, q.item, q.value, &q.source_id)
    );
    // A source id with a comma, quoted: one cell.
    let a = Accounts::parse(
        "c.csv",
        &format!("{HEAD}TJ,2022,resident,income,55.4797,亿元,published,\"NHSA, 2023\"\n"),
        &codes,
    )
    .expect("a quoted comma is one cell");
    assert_eq!(a.rows[0].source_id, "NHSA, 2023");
    // Positions count the quotes: the quoted value cell starts at column 33.
    assert_eq!(q.position(), "q.csv:2:33");
}

#[test]
fn a_16_mb_accounts_file_is_read_whole() {
    let data = Dataset::embedded().expect("data");
    let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
    let mut text = String::from(HEAD);
    // Years before the base year: parsed and checked, not used.
    let mut year = 1000;
    'fill: loop {
        for code in &codes {
            for scheme in Scheme::ALL {
                for item in Item::ALL {
                    if matches!(item, Item::Active | Item::Retired)
                        && !matches!(scheme, Scheme::Employee | Scheme::EmployeePooled)
                    {
                        continue;
                    }
                    text.push_str(&format!(
                        "{code},{year},{},{},123.4567,{},published,SOURCE-{year}\n",
                        scheme.id(),
                        item.id(),
                        item.unit()
                    ));
                }
            }
        }
        year += 1;
        if text.len() > 16 << 20 || year == 2022 {
            break 'fill;
        }
    }
    let rows = text.lines().count() - 1;
    let built_in = Accounts::built_in(&codes).expect("built-in").rows.len();
    let a = Accounts::parse("big.csv", &text, &codes).expect("parses");
    let d = data.with_accounts(a).expect("accepted");
    assert_eq!(d.accounts.rows.len(), rows + built_in);
    assert_eq!(
        d.accounts
            .value("XJ", year - 1, Scheme::Resident, Item::Balance),
        Some(123.4567)
    );
    // Its speed is a benchmark (benches/projection.rs, `accounts_16mb`), not a timed test.
}
