/// uniqueId → node index, as an open-addressing table hashed with FNV-1a over UTF-8 bytes.
/// Building a 10k-node graph looks up every edge end; this is several times cheaper per lookup
/// than `Dictionary<String, Int>`, whose seeded SipHash dominates graph construction otherwise.
struct NodeIndexTable: Sendable {
    private let ids: [String]
    private let hashes: [UInt64]
    /// Slot → node index + 1; 0 marks an empty slot.
    private let slots: [Int32]
    private let mask: Int

    /// Builds the table, reporting each repeated id to `duplicate`.
    init(ids: [String], duplicate: (String) -> Void) {
        self.init(ids: ids, hashes: ids.map(Self.hash), duplicate: duplicate)
    }

    /// Builds the table from the ids and their `hash`es, worked out beforehand (by the threads
    /// that made the ids, when a saved graph is read: GraphSnapshot.swift).
    init(ids: [String], hashes: [UInt64], duplicate: (String) -> Void) {
        precondition(hashes.count == ids.count, "one hash per id")
        var capacity = 16
        while capacity < ids.count * 2 { capacity <<= 1 }
        let mask = capacity - 1
        var slots = [Int32](repeating: 0, count: capacity)
        for (i, id) in ids.enumerated() {
            let h = hashes[i]
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] != 0 {
                let other = Int(slots[s]) - 1
                if hashes[other] == h, ids[other] == id {
                    duplicate(id)
                    break
                }
                s = (s + 1) & mask
            }
            if slots[s] == 0 { slots[s] = Int32(i + 1) }
        }
        self.ids = ids
        self.hashes = hashes
        self.slots = slots
        self.mask = mask
    }

    func index(of id: String) -> Int? {
        let h = Self.hash(id)
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] != 0 {
            let i = Int(slots[s]) - 1
            if hashes[i] == h, ids[i] == id { return i }
            s = (s + 1) & mask
        }
        return nil
    }

    static func hash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let hashed: Bool? = s.utf8.withContiguousStorageIfAvailable { bytes in
            for b in bytes {
                h ^= UInt64(b)
                h &*= 0x0000_0100_0000_01B3
            }
            return true
        }
        if hashed == nil {
            for b in s.utf8 {
                h ^= UInt64(b)
                h &*= 0x0000_0100_0000_01B3
            }
        }
        // Mix high bits into the low ones the mask keeps.
        return h ^ (h >> 29)
    }
}
