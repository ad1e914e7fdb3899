//! A sheet part unpacked on a thread of its own and handed over a chunk at a time, so that
//! unpacking and scanning a large sheet take a core each while one is free.

use std::io::{self, Read};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// How much is unpacked at a time.
const CHUNK: u64 = 1 << 20;
/// How many unpacked chunks may wait to be scanned.
const AHEAD: usize = 4;

/// The two ends of a pipe: [`pump`] sends into the first, the second is read.
pub(super) fn pipe() -> (SyncSender<io::Result<Vec<u8>>>, Chunks) {
    let (sender, receiver) = sync_channel(AHEAD);
    let chunks = Chunks {
        receiver,
        chunk: Vec::new(),
        at: 0,
    };
    (sender, chunks)
}

/// Unpacks `part` into the pipe until its end, a read error (handed on), or the reader gone.
pub(super) fn pump(mut part: impl Read, sender: &SyncSender<io::Result<Vec<u8>>>) {
    loop {
        let mut chunk = Vec::new();
        match (&mut part).take(CHUNK).read_to_end(&mut chunk) {
            Ok(0) => return,
            Ok(_) => {
                if sender.send(Ok(chunk)).is_err() {
                    return;
                }
            }
            Err(e) => {
                // The reader may be gone already; the error then has no one to tell.
                let _ = sender.send(Err(e));
                return;
            }
        }
    }
}

/// The reading end of a pipe: the part's bytes in order, then its end.
pub(in crate::ingest::sheet) struct Chunks {
    receiver: Receiver<io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    at: usize,
}

impl Read for Chunks {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.at == self.chunk.len() {
            match self.receiver.recv() {
                Ok(chunk) => {
                    self.chunk = chunk?;
                    self.at = 0;
                }
                // The pump has stopped: the part has ended.
                Err(_) => return Ok(0),
            }
        }
        let n = out.len().min(self.chunk.len() - self.at);
        out[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bytes_come_through_in_order_and_an_error_is_handed_on() {
        let part: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        let (sender, mut chunks) = pipe();
        let read = std::thread::scope(|scope| {
            scope.spawn(move || pump(&part[..], &sender));
            let mut read = Vec::new();
            chunks.read_to_end(&mut read).unwrap();
            read
        });
        assert_eq!(read.len(), 3_000_000);
        assert!(
            read.iter()
                .enumerate()
                .all(|(i, b)| usize::from(*b) == i % 251)
        );

        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "corrupt deflate stream",
                ))
            }
        }
        let (sender, mut chunks) = pipe();
        let err = std::thread::scope(|scope| {
            scope.spawn(move || pump(Broken, &sender));
            chunks.read_to_end(&mut Vec::new()).unwrap_err()
        });
        assert_eq!(err.to_string(), "corrupt deflate stream");
    }
}
