import SDBasics

/// One step of `swiftdbt debug`'s AWS check (SDBasics/CheckStep.swift).
public typealias AWSCheckStep = CheckStep
