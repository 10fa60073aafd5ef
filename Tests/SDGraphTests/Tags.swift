import Testing

extension Tag {
    /// Tests over generated graphs of 10,000 nodes or more (a second or two in debug builds).
    @Tag static var large: Self
}
