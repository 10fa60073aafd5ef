import SDTestSupport
import Testing

@Suite("SplitMix64")
struct SplitMix64Tests {
    /// The first outputs for seed 0 of the reference splitmix64.c (prng.di.unimi.it): the tests that
    /// replay kill points and random cases from a seed rely on this exact sequence.
    @Test func matchesTheReferenceSequence() {
        var rng = SplitMix64(seed: 0)
        #expect([rng.next(), rng.next(), rng.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test func sameSeedSameShuffle() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42), c = SplitMix64(seed: 43)
        let x = Array(0..<50).shuffled(using: &a), y = Array(0..<50).shuffled(using: &b), z = Array(0..<50).shuffled(using: &c)
        #expect(x == y)
        #expect(x != z)
    }
}
