import Foundation

/// Paths into the repository, derived from this file's location.
enum FixturePaths {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let orderSchema = repository.appendingPathComponent("Pipelines/schemas/order-v1.xsd").path

    static func order(_ name: String) -> String {
        repository.appendingPathComponent("Fixtures/orders/\(name)").path
    }
}
