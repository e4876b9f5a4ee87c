using System.Text.RegularExpressions;

namespace EctLifecycle.FaultTests;

/// <summary>
/// One command's help, as a person asks for it (`help import`, `aide import`, `import --help`, `import -h`): a French
/// screen for each of the app's commands, read from its definition; Marten's and Wolverine's keep JasperFx's own. And
/// serving writes nothing on standard output.
/// </summary>
public sealed partial class CommandLineHelpTests(ITestOutputHelper output)
{
    /// <summary>Each command of the app and options its screen must describe.</summary>
    private static readonly (string Command, string[] Options, string Example)[] Commands =
    [
        ("import", ["--dry-run", "--by IDENTIFIANT", "--encoding ENCODAGE"], "import portefeuille.xlsx --dry-run"),
        ("export", [], "export sauvegarde.zip"),
        ("demo", ["--projects N", "--seed N", "--out FICHIER", "--if-empty"], "demo --if-empty"),
        ("users", ["--role RÔLE", "--name NOM", "--email ADRESSE", "--password MOT_DE_PASSE"], "users token admin"),
        ("privacy", ["--name NOM", "--project PROJET", "--reason MOTIF", "--by IDENTIFIANT", "--confirm"], "privacy erase --name"),
        ("replay", ["--as-of DATE", "--grid GRILLE", "--known-at DATE", "--format FORMAT", "--chart FICHIER"], "replay --as-of 2024-06-30"),
        ("distribution", ["--compare GRILLE", "--format FORMAT"], "distribution --as-of"),
        ("sample", ["--as-of DATE"], "sample --as-of"),
        ("drift", ["--project PROJET", "--by COHORTE", "--align-on JALON", "--period PÉRIODE"], "drift --by emergenceContext"),
        ("persistence", ["--drift-points N", "--closer-points N", "--pillar-points ÉCART"], "persistence --as-of"),
        ("outputs", ["--by COHORTE", "--as-of DATE", "--format FORMAT"], "outputs --as-of"),
        ("report", ["--project PROJET", "--out FICHIER"], "report durability"),
    ];

    // JasperFx's own screen and its English descriptions of the options every command takes.
    private static readonly string[] English = ["Usage", "Description", "Overwrite", "Override", "Write out", "Value in the form", "dotnet run --"];

    private async Task<AppProcess.CommandResult> RunAsync(params string[] args)
    {
        var run = await AppProcess.RunCommandAsync(null, "ect", args);
        output.WriteLine($"$ {string.Join(' ', args)}\n{run}");
        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stderr.ShouldBeEmpty(run.ToString());
        return run;
    }

    [Fact]
    public async Task each_app_command_has_a_french_help_screen_however_it_is_asked()
    {
        foreach (var (command, options, example) in Commands)
        {
            var help = (await RunAsync("help", command)).Stdout;
            help.ShouldStartWith($"{command} : ", Case.Sensitive, help);
            foreach (var part in new[] { "Utilisation :", $"dotnet EctLifecycle.dll {command}", "Options communes à toutes les commandes :",
                         "--environment NOM", "--verbose", "Exemple :" })
                help.ShouldContain(part, Case.Sensitive, command);
            foreach (var option in options)
                help.Split('\n').ShouldContain(l => Regex.IsMatch(l, $"^  {Regex.Escape(option)}  +\\S"), $"{command} {option}\n{help}");
            help.Split('\n').SkipWhile(l => l != "Exemple :").Skip(1).First().ShouldContain(example, Case.Sensitive, help);
            foreach (var word in English) help.ShouldNotContain(word, Case.Sensitive, $"{command}: {word}");
            help.Split('\n').ShouldAllBe(l => l.Length <= 100 || !l.Contains(' '), help);

            foreach (var asked in new[] { new[] { "aide", command }, [command, "--help"], [command, "-h"] })
                (await RunAsync(asked)).Stdout.ShouldBe(help, string.Join(' ', asked));
        }
    }

    [Fact]
    public async Task a_command_with_several_usages_shows_each_with_its_arguments_and_what_they_mean()
    {
        var help = (await RunAsync("help", "users")).Stdout;
        help.ShouldContain("    dotnet EctLifecycle.dll users ACTION [--role RÔLE]");
        help.ShouldContain("    dotnet EctLifecycle.dll users ACTION IDENTIFIANT [--role RÔLE]");
        help.ShouldContain("  Liste les comptes, ou crée les comptes de démonstration");
        help.Split('\n').ShouldContain(l => l.StartsWith("  IDENTIFIANT  ") && l.EndsWith("Identifiant de connexion du compte"), help);
        help.Split('\n').ShouldContain(l => l.StartsWith("  ACTION  ") && l.Contains("add (ajoute un compte)"), help);
    }

    [Fact]
    public async Task the_frameworks_commands_keep_their_own_help()
    {
        var help = await AppProcess.RunCommandAsync(null, "ect", "help", "db-apply");
        output.WriteLine(help.ToString());
        help.Stdout.ShouldContain("db-apply");
        help.Stdout.ShouldNotContain("Utilisation :");
        help.Stdout.ShouldNotContain("Options communes");
    }

    [Fact]
    public async Task serving_writes_nothing_on_standard_output_and_jasperfxs_line_goes_to_standard_error()
    {
        await using var db = await OwnSchema.CreateAsync("ect_serve");
        await using var app = await AppProcess.StartAsync("serving-output", db.ConnectionString, db.Name);
        for (var i = 0; i < 50 && !app.Output.Any(l => l.Contains("Now listening on")); i++) await Task.Delay(100);

        app.Output.ShouldContain(l => l.Contains("Detected reserved AspNetCore or .NET flags"), "served with --urls, as deploy/run does");
        app.StandardOutput.ShouldBeEmpty(string.Join('\n', app.StandardOutput));
    }
}
