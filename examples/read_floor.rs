//! The floor of the benchmark: the time calamine alone takes to read every sheet of a
//! workbook into memory, with nothing else done: one thread per sheet, each with its own
//! reader of the file, as issue 17 measured it. `cargo run --release --example read_floor -- FILE`

use calamine::{Reader, open_workbook_auto};
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: read_floor FILE.xlsx");
        std::process::exit(2);
    };
    let start = Instant::now();
    let names = match open_workbook_auto(&path) {
        Ok(workbook) => workbook.sheet_names(),
        Err(err) => {
            eprintln!("{path}: {err}");
            std::process::exit(2);
        }
    };
    let cells: usize = std::thread::scope(|scope| {
        let readers: Vec<_> = names
            .iter()
            .map(|name| {
                let path = &path;
                scope.spawn(move || {
                    let mut workbook = open_workbook_auto(path).ok()?;
                    let range = workbook.worksheet_range(name).ok()?;
                    let (rows, cols) = range.get_size();
                    Some(rows * cols)
                })
            })
            .collect();
        readers
            .into_iter()
            .map(|reader| reader.join().ok().flatten().unwrap_or(0))
            .sum()
    });
    println!(
        "read {cells} cells of {} sheets in {:.2} s",
        names.len(),
        start.elapsed().as_secs_f64()
    );
}
