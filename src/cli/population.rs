//! `yibao population --out DIR`: the fertility variants of the cohort-component projection
//! (`DIR/population_variants.csv`) and the medium run's fit to WPP 2024
//! (`DIR/population_fit.csv`).

use super::Flag;
use super::flags::Flags;
use super::{CommandDef, Failure, Io, dataset, write_files};
use crate::model::data::BANDS;
use crate::model::population::{Fertility, medium_gap, with_fertility};
use std::ffi::OsString;
use std::fmt::Write as _;

/// Header of `population_variants.csv`.
pub const VARIANTS_HEADER: &str = "variant,year,total_thousands,share_65_plus,age_0_4_thousands";

/// Header of `population_fit.csv`.
pub const FIT_HEADER: &str = "year,wpp_total_thousands,model_total_thousands,wpp_share_65_plus,model_share_65_plus,wpp_age_0_4_thousands,model_age_0_4_thousands";

/// The options `yibao population` parses and its `--help` shows.
const FLAGS: &[Flag] = &[Flag::OUT];

/// The command.
pub const COMMAND: CommandDef = CommandDef {
    name: "population",
    args: "",
    flags: FLAGS,
    about: "cohort-component fertility variants and their fit to WPP 2024",
    run: cmd_population,
};

fn cmd_population(io: &mut Io, args: &[OsString]) -> Result<(), Failure> {
    let flags = Flags::parse(args, "population", FLAGS)?;
    if !flags.positional.is_empty() {
        return Err(Failure::Usage(
            "`yibao population` takes no scenario file".into(),
        ));
    }
    let out = flags.out()?;
    let data = dataset()?;
    let other = |e: String| Failure::Other(format!("population: {e}"));
    let mut variants = String::from(VARIANTS_HEADER);
    variants.push('\n');
    for f in Fertility::ALL {
        let d = with_fertility(&data, f).map_err(other)?;
        let p = &d.population;
        for (i, (m, w)) in p.male.iter().zip(&p.female).enumerate() {
            let year = p.first_year + i as i32;
            let total: f64 = m.iter().chain(w).sum();
            let old: f64 = m[13..BANDS].iter().chain(&w[13..BANDS]).sum();
            let _ = writeln!(
                variants,
                "{},{year},{total},{},{}",
                f.id(),
                old / total,
                m[0] + w[0]
            );
        }
    }
    let mut fit = String::from(FIT_HEADER);
    fit.push('\n');
    for g in medium_gap(&data).map_err(other)? {
        let _ = writeln!(
            fit,
            "{},{},{},{},{},{},{}",
            g.year, g.wpp_total, g.model_total, g.wpp_65, g.model_65, g.wpp_0_4, g.model_0_4
        );
    }
    write_files(
        &out,
        &[
            ("population_variants.csv", &variants),
            ("population_fit.csv", &fit),
        ],
    )?;
    writeln!(
        io.out,
        "wrote {} and {}",
        out.join("population_variants.csv").display(),
        out.join("population_fit.csv").display()
    );
    Ok(())
}
