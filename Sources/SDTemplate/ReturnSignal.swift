/// Thrown by `return(value)` to end the running macro; the macro call catches it and reads the
/// value from the evaluator (values are not Sendable, errors must be).
struct ReturnSignal: Error {}
