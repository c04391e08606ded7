import Foundation

/// The systemd units of a pipeline's nightly run, derived from its definition: a oneshot service hardened for a
/// batch job that needs no network, with the pipeline's own folders as its only writable paths; a timer; and a
/// template service that tells operations when the run fails (`OnFailure=`).
public struct SystemdUnits: Sendable {
    /// Who the run is and how it is started.
    public struct Settings: Sendable {
        public var user = "cardprep"
        public var group = "cardprep"
        /// The installed `cardprep` executable.
        public var executable = "/usr/local/bin/cardprep"
        /// When the run starts (`OnCalendar=`).
        public var onCalendar = "*-*-* 01:30:00"
        /// Who is told when the run fails, by mail.
        public var mailTo = "cardprep-ops@bureau.example"
        /// The base name of the units.
        public var name = "cardprep-nightly"

        public init() {}
    }

    let pipeline: PipelineDefinition
    let settings: Settings

    /// Creates the units of `pipeline`.
    public init(pipeline: PipelineDefinition, settings: Settings = Settings()) {
        self.pipeline = pipeline
        self.settings = settings
    }

    /// The unit files by name.
    public var files: [(name: String, text: String)] {
        [(settings.name + ".service", service), (settings.name + ".timer", timer), ("cardprep-notify@.service", notify)]
    }

    /// The folders the run writes, the fewest that cover them all: output, inbox, job outbox, production inputs
    /// and the vault (a folder inside another is covered by it).
    public var writablePaths: [String] {
        var folders = [pipeline.output, pipeline.inbox, pipeline.jobsOutbox, pipeline.productionInputs]
        if let vault = pipeline.archive?.vaultFolder { folders.append(vault) }
        let unique = Set(folders.map { URL(fileURLWithPath: $0).standardizedFileURL.path }).sorted()
        return unique.filter { path in !unique.contains { $0 != path && path.hasPrefix($0 + "/") } }
    }

    /// Whether any folder the run uses is under a home folder, where `ProtectHome=yes` would hide it.
    private var usesHomeFolders: Bool {
        (writablePaths + [pipeline.absoluteFile, pipeline.customersFolder, pipeline.machinesFolder, pipeline.peopleFolder])
            .contains { $0.hasPrefix("/home/") || $0.hasPrefix("/root/") || $0 == "/root" }
    }

    /// Whether any folder the run writes is under /tmp or /var/tmp, which `PrivateTmp=yes` would replace.
    private var usesTemporaryFolders: Bool {
        writablePaths.contains { $0.hasPrefix("/tmp/") || $0.hasPrefix("/var/tmp/") }
    }

    var service: String {
        var lines = [
            "# The nightly run of pipeline \(pipeline.name), made by `cardprep systemd \(pipeline.absoluteFile)`.",
            "# Exits non-zero while any drop is failed (1), quarantined (3) or in discrepancy (4): each is a failure of the",
            "# unit, and cardprep-notify@ tells operations, every night until it is dealt with.",
            "[Unit]",
            "Description=CardPrep nightly run of pipeline \(pipeline.name)",
            "After=local-fs.target",
            "OnFailure=cardprep-notify@%n.service",
            "",
            "[Service]",
            "Type=oneshot",
            "User=\(settings.user)",
            "Group=\(settings.group)",
            "UMask=0027",
            "ExecStartPre=\(settings.executable) check \(pipeline.absoluteFile)",
            "ExecStart=\(settings.executable) run \(pipeline.absoluteFile) --quiet",
            "# Only the pipeline's folders are writable; everything else is read-only or hidden.",
            "ProtectSystem=strict",
            "ProtectHome=\(usesHomeFolders ? "read-only" : "yes")",
        ]
        lines += writablePaths.map { "ReadWritePaths=\($0)" }
        if pipeline.token != nil {
            lines += [
                "# The token: SoftHSM2 keeps its tokens in files (see /etc/softhsm/softhsm2.conf); a hardware token or a",
                "# network HSM needs its device or its network instead (remove PrivateDevices= or PrivateNetwork=).",
                "ReadWritePaths=-/var/lib/softhsm/tokens",
            ]
        }
        lines += usesTemporaryFolders
            ? ["# The pipeline's folders are under a temporary folder, which PrivateTmp=yes would hide from the run.", "PrivateTmp=no"]
            : ["PrivateTmp=yes"]
        lines += [
            "PrivateDevices=yes",
            "PrivateNetwork=yes",
            "PrivateIPC=yes",
            "NoNewPrivileges=yes",
            "CapabilityBoundingSet=",
            "AmbientCapabilities=",
            "ProtectHostname=yes",
            "ProtectClock=yes",
            "ProtectKernelTunables=yes",
            "ProtectKernelModules=yes",
            "ProtectKernelLogs=yes",
            "ProtectControlGroups=yes",
            "ProtectProc=invisible",
            "ProcSubset=pid",
            "RestrictAddressFamilies=AF_UNIX",
            "IPAddressDeny=any",
            "RestrictNamespaces=yes",
            "RestrictRealtime=yes",
            "RestrictSUIDSGID=yes",
            "LockPersonality=yes",
            "MemoryDenyWriteExecute=yes",
            "SystemCallArchitectures=native",
            "SystemCallFilter=@system-service",
            "SystemCallFilter=~@privileged",
            "SystemCallErrorNumber=EPERM",
            "DevicePolicy=closed",
            "KeyringMode=private",
            "RemoveIPC=yes",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    var timer: String {
        """
        [Unit]
        Description=Start the CardPrep nightly run of pipeline \(pipeline.name)

        [Timer]
        OnCalendar=\(settings.onCalendar)
        Persistent=true
        RandomizedDelaySec=5m

        [Install]
        WantedBy=timers.target

        """
    }

    var notify: String {
        """
        # Started by OnFailure= of a CardPrep unit (%i is that unit): mails its status and last log lines to operations.
        # Needs a mail command (bsd-mailx or mailutils) and a configured MTA; replace ExecStart= for another channel.
        [Unit]
        Description=Tell operations that %i failed

        [Service]
        Type=oneshot
        ExecStart=/bin/sh -c 'systemctl status --full --no-pager --lines=40 "$1" | mail -s "CardPrep: $1 failed on %H" \(settings.mailTo)' notify %i

        """
    }
}
