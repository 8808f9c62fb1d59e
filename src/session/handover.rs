//! Handing the session's graph to the page's other wasm instance, and
//! adopting the graph it hands over: the graph's byte stream
//! (`graph::PartsWriter`, `graph::PartsReader`), a chunk per call, then its
//! check (`graph::Adopting`) as long work, so either side stops within one
//! chunk or step after [`Session::cancel`], and the receiving side keeps
//! its previous graph until the new one is whole and checked.

use super::work::Work;
use super::{Session, SessionError};
use crate::graph::{Adopting, PartsReader, PartsWriter};

/// What the next call says after [`Session::cancel`] stopped a hand-over.
pub(super) const CANCELLED: &str = "hand-over cancelled";

impl Session {
    /// Starts sending the graph later calls work on, or with `last_run`
    /// the graph the last finished run ran (it may be another: see
    /// [`Session::last_trace`]); returns its stream's length, bytes. Follow
    /// it with [`Session::send`].
    pub fn start_send(&mut self, last_run: bool) -> Result<usize, SessionError> {
        let graph = match last_run {
            true => self.last_run()?.0.clone(),
            false => self.built()?.clone(),
        };
        let writer = PartsWriter::new(graph);
        let total = writer.total_bytes();
        self.outgoing = Some(writer);
        self.cancelled = None;
        Ok(total)
    }

    /// The next chunk of the graph's stream, about `max_bytes` (`None`
    /// only for an empty stream); after the last one the hand-over is over
    /// and a further call is an error.
    pub fn send(&mut self, max_bytes: usize) -> Result<Option<Vec<u8>>, SessionError> {
        if let Some(what) = self.cancelled.take() {
            return Err(SessionError::Order(what));
        }
        let writer = self.outgoing.as_mut().ok_or(SessionError::Order(
            "no hand-over in progress: call startSend first",
        ))?;
        let chunk = writer.next_chunk(max_bytes);
        if writer.is_done() {
            self.outgoing = None; // and the graph it kept
        }
        Ok(chunk)
    }

    /// Starts receiving a graph's stream (one half-received is dropped).
    /// Follow it with [`Session::receive`].
    pub fn start_receive(&mut self) {
        self.incoming = Some(PartsReader::default());
        self.cancelled = None;
    }

    /// Reads the next chunk of the stream. Once it is complete (true), the
    /// graph's check starts as long work: advance it with
    /// [`Session::step`], which ends with `WorkResult::Adopted`, the graph
    /// then being the one later calls work on (it runs like an imported
    /// graph). A bad stream is an error on `graph`; the previous graph stays.
    pub fn receive(&mut self, chunk: &[u8]) -> Result<bool, SessionError> {
        if let Some(what) = self.cancelled.take() {
            return Err(SessionError::Order(what));
        }
        let Some(mut reader) = self.incoming.take() else {
            return Err(SessionError::Order(
                "no hand-over in progress: call startReceive first",
            ));
        };
        if !reader.push(chunk)? {
            self.incoming = Some(reader);
            return Ok(false);
        }
        let adopting = Adopting::new(reader.finish()?)?;
        self.begin(Work::Adopt(Box::new(adopting)));
        Ok(true)
    }
}
