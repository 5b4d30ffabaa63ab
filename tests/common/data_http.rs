//! A tiny HTTP server on 127.0.0.1 for the fetch tests: it serves fixed bodies
//! by path, records what was asked, and stops when told or after a deadline,
//! so no test ever needs the network.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The server gives up by itself after this long, even if never told to stop.
const LIFETIME: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(5);
const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// What the server answers for a path.
#[derive(Clone)]
pub enum Reply {
    /// 200 with this body.
    Body(Vec<u8>),
    /// 200 announcing `announced` bytes, sending only `body`, then closing.
    CutShort { body: Vec<u8>, announced: usize },
}

pub struct FixtureServer {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub url: String,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<Vec<String>>>,
}

impl FixtureServer {
    /// Serves `replies` (path -> reply); every other path gets 404.
    pub fn start(replies: Vec<(&str, Reply)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let replies: HashMap<String, Reply> =
            replies.into_iter().map(|(path, reply)| (path.to_string(), reply)).collect();
        let stop = Arc::new(AtomicBool::new(false));

        let stop_flag = Arc::clone(&stop);
        let handle = std::thread::spawn(move || serve(listener, &replies, &stop_flag));
        Self { url, stop, handle: Some(handle) }
    }

    /// Stops the server; returns the paths requested, in order.
    pub fn finish(mut self) -> Vec<String> {
        self.stop.store(true, Ordering::SeqCst);
        self.handle.take().unwrap().join().unwrap()
    }
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn serve(
    listener: TcpListener,
    replies: &HashMap<String, Reply>,
    stop: &AtomicBool,
) -> Vec<String> {
    let deadline = Instant::now() + LIFETIME;
    let mut requested = Vec::new();

    while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
        match listener.accept() {
            Ok((stream, _)) => {
                if let Some(path) = answer(stream, replies) {
                    requested.push(path);
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(POLL)
            }
            Err(_) => break,
        }
    }
    requested
}

/// Reads one request and answers it; returns the path asked for.
fn answer(stream: TcpStream, replies: &HashMap<String, Reply>) -> Option<String> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(IO_TIMEOUT)).ok()?;
    stream.set_write_timeout(Some(IO_TIMEOUT)).ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);

    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    let path = request_line.split_whitespace().nth(1)?.to_string();
    let mut header = String::new();
    while reader.read_line(&mut header).ok()? > 2 {
        header.clear();
    }

    let mut stream = stream;
    let (status, body, announced) = match replies.get(&path) {
        Some(Reply::Body(body)) => ("200 OK", body.as_slice(), body.len()),
        Some(Reply::CutShort { body, announced }) => ("200 OK", body.as_slice(), *announced),
        None => ("404 Not Found", &b"not here"[..], 8),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/octet-stream\r\n\
         Content-Length: {announced}\r\nConnection: close\r\n\r\n"
    );
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body));
    Some(path)
}
