public struct SeedTable: Sendable {} // placeholder until the CSV reader lands; remove on merge
