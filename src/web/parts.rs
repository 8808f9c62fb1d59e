//! The graph between the page's two wasm instances, the core and the
//! scheduling lab, as one byte stream (the layout of `graph::PartsWriter`):
//! the sender's [`Engine::send_chunk`] gives it a chunk at a time, the
//! receiver's [`Engine::receive_chunk`] reads it, then checks the graph in
//! slices of `Engine::step`. The engine worker copies the chunks from one
//! instance to the other, a chunk per turn of its message loop, whenever
//! one has a graph the other has not seen; no text format in between.

use super::engine::Engine;
use super::error::EngineError;
use super::report;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Engine {
    /// Starts sending the graph later calls work on (with `last_run`, the
    /// graph the last finished run ran); returns its stream's length,
    /// bytes. Follow it with [`Engine::send_chunk`].
    #[wasm_bindgen(js_name = startSend)]
    pub fn start_send(&mut self, last_run: bool) -> Result<f64, EngineError> {
        Ok(self.session.start_send(last_run)? as f64)
    }

    /// The next chunk of the stream (a `Uint8Array` of about `max_bytes`);
    /// after the last one a further call throws. Throws "hand-over
    /// cancelled" once after [`Engine::cancel`].
    #[wasm_bindgen(js_name = sendChunk)]
    pub fn send_chunk(&mut self, max_bytes: u32) -> Result<Option<Vec<u8>>, EngineError> {
        Ok(self.session.send(max_bytes as usize)?)
    }

    /// Starts receiving a graph's stream from the other instance.
    #[wasm_bindgen(js_name = startReceive)]
    pub fn start_receive(&mut self) {
        self.session.start_receive();
    }

    /// Reads the next chunk of the stream; true once it is complete: then
    /// [`Engine::step`] checks the graph in slices and ends with `result`
    /// true, the graph being the one later calls work on (it replays). A
    /// bad stream throws an error on `graph`, and the previous graph stays;
    /// throws "hand-over cancelled" once after [`Engine::cancel`].
    #[wasm_bindgen(js_name = receiveChunk)]
    pub fn receive_chunk(&mut self, chunk: &[u8]) -> Result<bool, EngineError> {
        Ok(self.session.receive(chunk)?)
    }

    /// The summary of the graph later calls work on (as a build ends with).
    pub fn summary(&self) -> Result<JsValue, EngineError> {
        report::summary(self.session.graph()?)
    }
}
