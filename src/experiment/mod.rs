//! Named configurations (the paper's grid), running them, result records.
