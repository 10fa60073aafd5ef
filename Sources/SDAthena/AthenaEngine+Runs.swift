import Foundation
import SDAWS
import SDBasics
import SDEngine

/// Runs that die (SIGKILL, a lost machine) run no cleanup: a temporary Glue table, a fresh S3
/// folder or an old one still to delete stay behind. Each run holds a lease object under the
/// staging dir and tags what it creates (`BuildOwnership`); the next run that lists a schema
/// removes what carries the tag of a run whose lease has ended, and never what a live run owns.
extension AthenaEngine {
    var leaseURL: String { settings.stagingDir + RunLease.folder + runID + ".json" }

    /// Writes this run's lease before anything of it can exist, and keeps renewing it until
    /// `close`. A lease that cannot be written stops the run: without it, another run could take
    /// this run's fresh folders for orphans.
    func holdLease() async throws {
        let task = lock.withLock { () -> Task<Void, any Error> in
            if let leaseTask { return leaseTask }
            let t = Task { try await self.writeLease() }
            leaseTask = t
            return t
        }
        try await task.value
    }

    private func writeLease() async throws {
        do {
            try await s3.put(leaseURL, data: RunLease(runID: runID, expires: now().addingTimeInterval(settings.leaseSeconds)).data)
        } catch {
            throw EngineError(
                .database,
                """
                cannot write this run's lease \(leaseURL): \(error); swiftdbt needs s3:PutObject, s3:GetObject, s3:DeleteObject \
                and s3:ListBucket under s3_staging_dir (see docs/athena.md)
                """)
        }
        let period = settings.leaseSeconds / 3
        let renew = Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                try? await self.sleep(period)
                if Task.isCancelled { return }
                let lease = RunLease(runID: self.runID, expires: self.now().addingTimeInterval(self.settings.leaseSeconds))
                // Not cancelled with the loop: a renewal is either complete or never sent before `releaseLease` deletes.
                let (s3, url) = (self.s3, self.leaseURL)
                await Task { try? await s3.put(url, data: lease.data) }.value
            }
        }
        lock.withLock { leaseRenewal = renew }
    }

    /// Ends the lease: stops renewing it and deletes the object (a run that ended owns nothing).
    func releaseLease() async {
        let (task, renew) = lock.withLock { () -> (Task<Void, any Error>?, Task<Void, Never>?) in
            defer { leaseTask = nil; leaseRenewal = nil }
            return (leaseTask, leaseRenewal)
        }
        renew?.cancel()
        // A renewal already on its way must land before the delete, or it would write the lease back.
        await renew?.value
        if let task, (try? await task.value) != nil { try? await s3.delete(leaseURL) }
        let (ended, complete) = lock.withLock { (endedLeases.sorted(), !collectionFailed) }
        if complete { for url in ended { try? await s3.delete(url) } }
    }

    /// The tags of runs whose lease has not ended, this run's included. An object under the lease
    /// folder that is not a lease counts as live, so nothing is removed on its account.
    func liveTags() async throws -> (live: Set<String>, ended: [String]) {
        var live: Set<String> = [tag]
        var ended: [String] = []
        guard let (bucket, key) = S3Store.split(settings.stagingDir + RunLease.folder) else { return (live, ended) }
        let t = now()
        for k in try await s3.keys(bucket: bucket, prefix: key) {
            let url = "s3://\(bucket)/\(k)"
            guard let data = try await s3.get(url) else { continue }
            guard let lease = RunLease.parse(data) else {
                live.insert(BuildOwnership.tag(ofRun: (k as NSString).lastPathComponent))
                continue
            }
            if lease.expires > t { live.insert(lease.tag) } else { ended.append(url) }
        }
        return (live, ended)
    }

    /// The sub-folders of every root, listed 16 roots at a time: one call per table is what the
    /// scan costs, and it runs before the first model starts.
    func listFolders(_ roots: [String]) async throws -> [String] {
        let s3 = self.s3
        var out: [String] = []
        for chunk in roots.chunked(16) {
            try await withThrowingTaskGroup(of: [String].self) { group in
                for root in chunk { group.addTask { try await s3.folders(under: root) } }
                for try await found in group { out += found }
            }
        }
        return out.sorted()
    }

    /// Removes what dead runs left in `schema`, given its GetTables listing; returns what it did,
    /// one line each. Only folders under a table-specific root (`<s3_data_dir><schema>/<table>/`,
    /// the default naming) are scanned; a folder another tool wrote there is never a build id.
    @discardableResult
    func collectOrphans(schema: String, tables: [JSONValue]) async throws -> [String] {
        var temporaries: [(name: String, tag: String, location: String?)] = []
        var inUse: [String] = []
        var partitioned: [String] = []
        var roots: [String] = []
        let specificRoots = settings.dataNaming == "schema_table" || settings.dataNaming == "schema_table_unique"
        for t in tables {
            guard let name = t["Name"]?.stringValue?.lowercased() else { continue }
            let location = t["StorageDescriptor"]?["Location"]?.stringValue
            if let temp = BuildOwnership.temporary(name) {
                if temp.tag != tag { temporaries.append((name, temp.tag, location)) }
                continue
            }
            if let location { inUse.append(location) }
            if !(t["PartitionKeys"]?.arrayValue ?? []).isEmpty { partitioned.append(name) }
            let root = settings.dataDir + schema + "/" + name + "/"
            if specificRoots, let location, location.hasPrefix(root) { roots.append(root) }
        }
        // Only a run that died leaves its lease behind (one that ends deletes it), so the folder
        // scan — one call per table — runs only when a lease has ended or a temporary table
        // shows a run that is gone; a normal start costs the lease listing alone.
        let seen = try await liveTags()
        guard !seen.ended.isEmpty || temporaries.contains(where: { !seen.live.contains($0.tag) }) else { return [] }
        var folders: [(folder: String, tag: String)] = []
        for f in try await listFolders(roots) {
            guard let last = f.split(separator: "/").last, let owner = BuildOwnership.tag(ofFolder: last), owner != tag else { continue }
            folders.append((f, owner))
        }
        // Leases are read again after the listings: a run that created anything listed above
        // wrote its lease before, so it is seen here (S3 reads are strongly consistent after writes).
        let (live, ended) = try await liveTags()
        for name in partitioned {
            inUse += try await glue.partitions(schema, name).compactMap { $0["StorageDescriptor"]?["Location"]?.stringValue }
        }
        let plan = OrphanPlan.make(temporaries: temporaries, folders: folders, inUse: inUse, live: live)
        var done: [String] = []
        for name in plan.tables {
            try await glue.deleteTable(schema, name)
            done.append("glue: removed temporary table \(schema).\(name) of a run that ended")
        }
        for folder in plan.folders {
            let n = try await s3.deleteFolder(folder)
            done.append("s3: removed \(n) object(s) under \(folder) left by a run that ended")
        }
        // An ended lease is evidence for every schema this run lists; it goes at the end of the
        // run, and only if every collection succeeded (`releaseLease`).
        lock.withLock { endedLeases.formUnion(ended) }
        return done
    }
}
