//! The floor of the benchmark: the time calamine alone takes to read every sheet of a
//! workbook into memory, with nothing else done. `cargo run --release --example read_floor -- FILE`

use calamine::{Reader, open_workbook_auto};
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: read_floor FILE.xlsx");
        std::process::exit(2);
    };
    let start = Instant::now();
    let mut workbook = match open_workbook_auto(&path) {
        Ok(workbook) => workbook,
        Err(err) => {
            eprintln!("{path}: {err}");
            std::process::exit(2);
        }
    };
    let mut cells = 0usize;
    for (_, range) in workbook.worksheets() {
        let (rows, cols) = range.get_size();
        cells += rows * cols;
    }
    println!(
        "read {cells} cells in {:.2} s",
        start.elapsed().as_secs_f64()
    );
}
