import CardPrepCore
import CardPrepXML
import Foundation

/// The files a run reads to understand drops: every customer profile and the machines its products name, every
/// machine profile, the order schema and the register of people.
struct ProfileChecks {
    let pipeline: PipelineDefinition

    func run(counts: inout [String: Int]) -> [ConfigurationProblem] {
        var findings: [ConfigurationProblem] = []
        let machines = machineProfiles(&findings)
        counts["machines"] = machines.count
        let customers = customerProfiles(knownMachines: machines, &findings)
        counts["customers"] = customers.count
        if pipeline.readsOrders { findings += schema() }
        do {
            counts["people"] = try PersonRegisterFolder.load(pipeline.peopleFolder).people.count
        } catch {
            findings.append(ConfigurationProblem(.people, error))
        }
        findings += inboxCustomersWithoutProfile(known: Set(customers))
        return findings
    }

    /// The ids of the machine profiles that load.
    private func machineProfiles(_ findings: inout [ConfigurationProblem]) -> Set<String> {
        var loaded = Set<String>()
        for (stem, file) in yamlFiles(in: pipeline.machinesFolder) {
            do {
                let profile = try MachineProfile.load(path: file)
                guard profile.id == stem else {
                    findings.append(ConfigurationProblem(.machine, file: file, line: line(of: "machine:", in: file),
                                                         reason: "the profile is for '\(profile.id)' but the file is named '\(stem).yml'"))
                    continue
                }
                loaded.insert(stem)
            } catch {
                findings.append(ConfigurationProblem(.machine, error))
            }
        }
        return loaded
    }

    /// The ids of the customer profiles that load; each product's machines must have a profile that loads.
    private func customerProfiles(knownMachines: Set<String>, _ findings: inout [ConfigurationProblem]) -> [String] {
        var loaded: [String] = []
        for (stem, file) in yamlFiles(in: pipeline.customersFolder) {
            let profile: CustomerProfile
            do { profile = try CustomerProfile.load(path: file) } catch {
                findings.append(ConfigurationProblem(.customer, error))
                continue
            }
            guard profile.id == stem else {
                findings.append(ConfigurationProblem(.customer, file: file, line: line(of: "customer:", in: file),
                                                     reason: "the profile is for '\(profile.id)' but the file is named '\(stem).yml'"))
                continue
            }
            loaded.append(stem)
            for product in profile.contract.products {
                let named = profile.machinesByProduct[product.code] ?? []
                if named.isEmpty, pipeline.makesCards {
                    findings.append(ConfigurationProblem(.customer, file: file, line: line(of: product.code, in: file),
                                                         reason: "product '\(product.code)' names no machine to make it"))
                }
                // A machine whose profile exists but is wrong is reported at its own file, once.
                for machine in named where pipeline.makesCards && !knownMachines.contains(machine)
                    && !FileManager.default.fileExists(atPath: pipeline.machinesFolder + "/" + machine + ".yml") {
                    findings.append(ConfigurationProblem(
                        .customer, file: file, line: machineLine(machine, in: file),
                        reason: "product '\(product.code)' is made on machine '\(machine)', which has no profile in \(pipeline.machinesFolder)"))
                }
            }
            if profile.intake.cardData == .openpgp, pipeline.openPGPIdentityFile == nil {
                findings.append(ConfigurationProblem(.customer, file: file, line: line(of: "card_data_encryption", in: file),
                                                     reason: "the customer sends OpenPGP card data but the pipeline names no keys.openpgp_identity"))
            }
        }
        return loaded
    }

    private func schema() -> [ConfigurationProblem] {
        guard FileManager.default.fileExists(atPath: pipeline.orderSchemaFile) else {
            return [ConfigurationProblem(.schema, file: pipeline.orderSchemaFile, reason: "the order schema (order_schema) does not exist")]
        }
        do {
            _ = try XMLSchemaValidator(schemaAt: pipeline.orderSchemaFile)
            return []
        } catch {
            if case let .schemaUnusable(file, issues) = error, !issues.isEmpty {
                return issues.map {
                    ConfigurationProblem(.schema, file: $0.file.isEmpty ? file : $0.file, line: $0.line > 0 ? $0.line : nil,
                                         reason: "the order schema cannot be used: \($0.message)")
                }
            }
            return [ConfigurationProblem(.schema, file: pipeline.orderSchemaFile, reason: "the order schema cannot be used: \(error)")]
        }
    }

    /// Customers with a folder in the inbox and no profile: their drops will be quarantined as unknown-customer.
    private func inboxCustomersWithoutProfile(known: Set<String>) -> [ConfigurationProblem] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: pipeline.inbox)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") && !known.contains($0) && isFolder(pipeline.inbox + "/" + $0) }.map {
            ConfigurationProblem(.customer, .note, file: pipeline.inbox + "/" + $0,
                                 reason: "no customer profile '\($0).yml' in \(pipeline.customersFolder): drops here will be quarantined as unknown-customer")
        }
    }

    private func yamlFiles(in folder: String) -> [(stem: String, file: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().filter { $0.hasSuffix(".yml") && !$0.hasPrefix(".") }.map { (String($0.dropLast(4)), folder + "/" + $0) }
    }

    private func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }

    /// The first line (from 1) of `file` that holds `text`.
    private func line(of text: String, in file: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.firstIndex { $0.contains(text) }.map { $0 + 1 }
    }

    /// The line of a `machines:` list that names `machine`.
    private func machineLine(_ machine: String, in file: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.firstIndex { $0.contains("machines") && $0.contains(machine) }.map { $0 + 1 } ?? line(of: machine, in: file)
    }
}
