using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;

namespace EctLifecycle.FaultTests;

/// <summary>
/// The command line as scripts use it: standard output carries only the payload (JSON that parses whole, CSV that a CSV
/// reader reads row by row, a token alone, tables not wrapped at 80 columns when redirected), messages and logs go to
/// standard error and are quiet; `help` lists the app's own commands first, in French, each with an example.
/// </summary>
public sealed partial class CommandLineOutputTests(ITestOutputHelper output)
{
    private const string AsOf = "2024-06-30";

    [Fact]
    public async Task each_format_of_each_analytics_command_is_only_its_payload_on_standard_output()
    {
        await using var db = await OwnSchema.CreateAsync("ect_cli");
        (await RunAsync(db, "db-apply")).ExitCode.ShouldBe(0);
        var demo = await RunAsync(db, "demo");
        demo.ExitCode.ShouldBe(0, demo.ToString());
        demo.Stdout.ShouldBeEmpty("the demo's messages and progress go to standard error");
        demo.Stderr.ShouldContain("Démo importée : 44 projets");

        string[][] commands =
        [
            ["replay"], ["distribution"], ["distribution", "--compare", "v2"], ["sample"],
            ["drift", "--project", "P010"], ["drift", "--by", "sector"], ["drift", "--align-on", "hubSupportEnded"], ["typology"],
            ["drift", "--align-on", "emergence"], ["persistence"], ["persistence", "--drift-points", "5"],
            ["outputs"], ["outputs", "--by", "sector"], ["figure"], ["lineage"], ["hub-events"],
        ];
        foreach (var command in commands)
        {
            var json = await RunAsync(db, [.. command, "--as-of", AsOf, "--format", "json"]);
            using (var parsed = JsonDocument.Parse(json.Stdout)) // the whole of standard output, as jq reads it
                parsed.RootElement.ValueKind.ShouldBe(JsonValueKind.Object, json.ToString());

            var csv = await RunAsync(db, [.. command, "--as-of", AsOf, "--format", "csv"]);
            var rows = ReadCsv(csv.Stdout);
            rows[0][..4].ShouldBe(["subject", "date", "measure", "value"], csv.ToString());
            rows.Count.ShouldBeGreaterThan(1, csv.ToString());
            rows.ShouldAllBe(r => r.Length == rows[0].Length, csv.ToString());

            var table = await RunAsync(db, [.. command, "--as-of", AsOf]);
            table.Stdout.ShouldContain("╭", Case.Sensitive, table.ToString());
            Unwrapped(table.Stdout);
        }

        // The distribution's table says its node beside the threshold.
        (await RunAsync(db, "distribution", "--as-of", AsOf)).Stdout.ShouldContain("Nœud à 26 (8 projets) : au seuil de la grille (26).");

        // Every project's name on one line of the redirected table, however long the line gets.
        using var replay = JsonDocument.Parse((await RunAsync(db, "replay", "--as-of", AsOf, "--format", "json")).Stdout);
        var names = replay.RootElement.GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();
        names.Count.ShouldBe(44);
        var lines = (await RunAsync(db, "replay", "--as-of", AsOf)).Stdout.Split('\n');
        names.ShouldAllBe(name => lines.Any(l => l.Contains(name)));
        lines.Max(l => l.Length).ShouldBeGreaterThan(80, "the table is as wide as its cells, not cut at 80 columns");
    }

    [Fact]
    public async Task users_token_prints_only_the_token_and_a_drawn_password_is_alone_on_standard_output()
    {
        await using var db = await OwnSchema.CreateAsync("ect_cli");
        (await RunAsync(db, "users", "add", "admin", "--role", "admin", "--password", "mot-de-passe-admin")).Stdout.ShouldBeEmpty();
        var token = await RunAsync(db, "users", "token", "admin");
        token.Stdout.ShouldMatch("^ect_[0-9a-f]{48}\n$", token.ToString()); // TOKEN=$(… users token admin)
        token.Stderr.ShouldContain("Jeton émis pour admin");
        var verbose = await AppProcess.RunCommandAsync(db.ConnectionString, db.Name, "users", "token", "admin", "--verbose");
        verbose.Stdout.ShouldMatch("^ect_[0-9a-f]{48}\n$", verbose.ToString());
        verbose.Stderr.ShouldContain("Searching '", Case.Sensitive, "--verbose shows what is otherwise quiet, on standard error");

        var added = await RunAsync(db, "users", "add", "claire", "--role", "staff");
        added.Stdout.ShouldMatch("^\\S{10,}\n$", added.ToString());
        added.Stderr.ShouldContain("Compte créé");

        var list = await RunAsync(db, "users", "list");
        list.Stdout.Split('\n').ShouldContain(l => l.Contains("│ admin ") && l.Contains("│ Administrateur "), list.ToString());
        Unwrapped(list.Stdout);

        var refused = await RunAsync(db, "users", "token", "personne");
        refused.ExitCode.ShouldNotBe(0);
        refused.Stdout.ShouldBeEmpty();
        refused.Stderr.ShouldContain("aucun compte actif « personne »");
    }

    [Fact]
    public async Task help_lists_the_apps_commands_first_in_french_each_with_an_example()
    {
        var help = await AppProcess.RunCommandAsync(null, "ect", "help");
        output.WriteLine(help.ToString());
        help.ExitCode.ShouldBe(0);
        var lines = help.Stdout.Split('\n');
        int LineOf(string command) => Array.FindIndex(lines, l => Regex.IsMatch(l, $"^  {command} +\\S"));
        var framework = Array.IndexOf(lines, "Commandes de JasperFx, de Marten et de Wolverine :");
        Array.IndexOf(lines, "Commandes de l'application :").ShouldBeLessThan(framework);
        string[] app = ["import", "export", "demo", "users", "privacy", "replay", "distribution", "sample", "drift", "persistence", "report"];
        foreach (var command in app)
        {
            var at = LineOf(command);
            at.ShouldBeInRange(0, framework, command);
            lines[at + 1].Trim().ShouldStartWith($"exemple : ", Case.Sensitive, command);
            lines[at + 1].ShouldContain($"{command} ", Case.Sensitive, command);
        }
        app.Select(LineOf).ShouldBeInOrder(SortDirection.Ascending);
        foreach (var command in new[] { "run", "db-apply", "codegen", "projections", "storage" })
            LineOf(command).ShouldBeGreaterThan(framework, command);
        lines[LineOf("db-apply")].ShouldContain("Applique au schéma PostgreSQL");
        help.Stderr.ShouldNotContain("Searching");
    }

    /// <summary>No log line and no JasperFx chatter on standard output, and no wrapped cell (a row whose first cell is empty).</summary>
    private static void Unwrapped(string stdout)
    {
        var lines = stdout.Split('\n');
        lines.ShouldNotContain(l => LogLine().IsMatch(l), stdout);
        lines.ShouldNotContain(l => l.StartsWith("│ ") && l.Split('│')[1].Trim().Length == 0, stdout);
    }

    /// <summary>Every record of the text, the header first, read strictly: bad quoting or a record of another width throws.</summary>
    private static List<string[]> ReadCsv(string text)
    {
        using var reader = CsvReader.FromText(text, new CsvReaderOptions
        {
            HasHeader = false, Separator = ',', MalformedData = CsvMalformedDataHandling.Throw, FieldCountMismatch = CsvFieldCountHandling.Throw,
        });
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        return rows;
    }

    private async Task<AppProcess.CommandResult> RunAsync(OwnSchema db, params string[] args)
    {
        var run = await AppProcess.RunCommandAsync(db.ConnectionString, db.Name, args);
        output.WriteLine($"$ {string.Join(' ', args)}: exit code {run.ExitCode}, {run.Stdout.Length} characters on stdout");
        run.ExitCode.ShouldBe(args is ["users", "token", "personne"] ? 1 : 0, run.ToString());
        // Quiet: no information logs and no "Searching '…' for commands" unless --verbose.
        run.Stderr.ShouldNotContain("info:", Case.Sensitive, run.ToString());
        run.Stderr.ShouldNotContain("Searching", Case.Sensitive, run.ToString());
        return run;
    }

    [GeneratedRegex(@"^\s*(info|warn|fail|crit|dbug|trce): |Searching '|for commands")]
    private static partial Regex LogLine();
}
