//! Did-you-mean: the close names to suggest for a lever id, a province code or a command that
//! does not exist (used by validation, the parser and the CLI).

use crate::model::LEVERS;

/// Lever ids close to `id` (edit distance), for "did you mean" messages; best first.
pub fn similar_ids(id: &str) -> Vec<&'static str> {
    let mut scored: Vec<(usize, &'static str)> = LEVERS
        .iter()
        .map(|d| {
            let full = edit_distance(id, d.id);
            // Also compare the part after the dot, so "premium" finds "resident.premium".
            let tail = d.id.rsplit('.').next().unwrap_or(d.id);
            let short = edit_distance(id.rsplit('.').next().unwrap_or(id), tail);
            (full.min(short + 2), d.id)
        })
        .filter(|(d, id2)| *d <= (id2.len() / 3).max(3))
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, s)| s).collect()
}

/// Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_ids_suggests_the_close_one() {
        assert_eq!(similar_ids("resident.premum")[0], "resident.premium");
        assert_eq!(similar_ids("premium")[0], "resident.premium");
        assert!(similar_ids("zzzzzzzzzzzzzzzzzzzz").is_empty());
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("广东", "广西"), 1);
        assert_eq!(edit_distance("GD", "GD"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
