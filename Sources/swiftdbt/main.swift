print("swiftdbt")
