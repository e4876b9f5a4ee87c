using System.Reflection;
using JasperFx.CommandLine;
using JasperFx.CommandLine.Commands;

namespace EctLifecycle.Cli;

/// <summary>
/// `help` (and `?`) without a command name: the app's own commands first, in French, each with an example, then the
/// commands JasperFx, Marten and Wolverine bring (their descriptions in French where given here, else their own).
/// `help COMMAND` of one of the app's commands is <see cref="CommandHelp"/>'s, of the others JasperFx's. Written on standard output.
/// </summary>
public static class FrenchHelp
{
    /// <summary>The app's commands in the order a newcomer meets them, with one example each.</summary>
    public static readonly IReadOnlyList<(string Name, string Example)> AppCommands =
    [
        ("import", "import portefeuille.xlsx --dry-run"),
        ("export", "export sauvegarde.zip"),
        ("demo", "demo --if-empty"),
        ("users", "TOKEN=$(dotnet EctLifecycle.dll users token admin)"),
        ("privacy", "privacy erase --name \"Jeanne Martin\" --reason \"demande du 3 mars\""),
        ("replay", "replay --as-of 2024-06-30 --format json | jq .projects"),
        ("distribution", "distribution --as-of 2024-06-30 --format csv > distribution.csv"),
        ("sample", "sample --as-of 2024-06-30"),
        ("drift", "drift --by emergenceContext --period quarter --chart derive.svg"),
        ("typology", "typology --as-of 2024-06-30 --chart typologie.svg"),
        ("persistence", "persistence --as-of 2024-06-30 --drift-points 5 --chart piliers.svg"),
        ("territory", "territory --as-of 2024-06-30 --chart territoire.svg"),
        ("outputs", "outputs --as-of 2024-06-30 --by sector"),
        ("figure", "figure --as-of 2024-06-30 --format csv > figure.csv"),
        ("lineage", "lineage --as-of 2024-06-30"),
        ("report", "report durability --as-of 2024-06-30 --out durabilite.pdf"),
    ];

    /// <summary>The framework's commands most used here, described in French.</summary>
    private static readonly Dictionary<string, string> InFrench = new()
    {
        ["run"] = "Sert l'application (ce que fait l'appel sans commande ; voir deploy/run)",
        ["help"] = "Cette aide ; « help COMMANDE » détaille les arguments et options d'une commande",
        ["db-apply"] = "Applique au schéma PostgreSQL les changements qu'attend la configuration (deploy/run le fait)",
        ["db-assert"] = "Vérifie que la base correspond à la configuration, sans rien changer",
        ["db-patch"] = "Écrit le script SQL des changements qu'appliquerait db-apply",
        ["db-dump"] = "Écrit tout le DDL du schéma de Marten",
        ["db-list"] = "Liste les bases que l'application utilise",
        ["codegen"] = "Code généré par Marten et Wolverine : prévisualise, écrit ou vérifie",
        ["describe"] = "Décrit l'application configurée (sur la console ou dans un fichier)",
        ["check-env"] = "Lance les vérifications d'environnement de l'application",
        ["projections"] = "Projections de Marten (l'historique des scores) : liste et reconstruction",
        ["resources"] = "Vérifie, crée ou démonte les ressources avec état (tables de Wolverine…)",
        ["storage"] = "Administre le stockage des messages de Wolverine",
        ["marten"] = "Opérations avancées de Marten sur le magasin d'événements",
        ["openapi"] = "Écrit le document OpenAPI de Wolverine.HTTP sans démarrer l'hôte",
    };

    /// <summary>The names of the app's own commands (not JasperFx's, Marten's or Wolverine's).</summary>
    public static IReadOnlySet<string> AppCommandNames => CommandTypes(typeof(Program).Assembly).Select(CommandFactory.CommandNameFor).ToHashSet();

    public static bool IsAsked(string[] args) => args is ["help" or "?" or "aide"] or ["--help" or "-h"];

    public static int Write(TextWriter output)
    {
        var app = typeof(Program).Assembly;
        var appNames = CommandTypes(app).Select(CommandFactory.CommandNameFor).ToHashSet();
        var others = new CommandFactory();
        others.RegisterCommands(typeof(RunCommand).Assembly);
        others.RegisterCommandsFromExtensionAssemblies();
        var framework = others.AllCommandTypes().Where(t => t.Assembly != app && !appNames.Contains(CommandFactory.CommandNameFor(t)))
            .Append(typeof(JasperFx.CommandLine.Help.HelpCommand))
            .DistinctBy(CommandFactory.CommandNameFor)
            .OrderBy(t => Order(CommandFactory.CommandNameFor(t))).ThenBy(CommandFactory.CommandNameFor).ToList();

        var appTypes = CommandTypes(app).ToDictionary(CommandFactory.CommandNameFor);
        var width = Math.Max(appTypes.Keys.Max(n => n.Length), framework.Max(t => CommandFactory.CommandNameFor(t).Length)) + 2;
        output.WriteLine("EctLifecycle, en ligne de commande : dotnet EctLifecycle.dll COMMANDE [arguments] [options]");
        output.WriteLine("Sans commande, l'application sert le site. La sortie standard ne porte que le résultat (tableau, CSV, JSON,");
        output.WriteLine($"jeton) ; messages et journaux vont sur la sortie d'erreur ({Consoles.VerboseFlag} ou {Consoles.VerboseVariable}=1 pour plus de journaux).");
        output.WriteLine();
        output.WriteLine("Commandes de l'application :");
        output.WriteLine();
        foreach (var (name, example) in AppCommands.Where(c => appTypes.ContainsKey(c.Name))
                     .Concat(appTypes.Keys.Where(n => AppCommands.All(c => c.Name != n)).Order().Select(n => (Name: n, Example: ""))))
        {
            output.WriteLine($"  {name.PadRight(width)}{CommandFactory.DescriptionFor(appTypes[name])}");
            if (example.Length > 0) output.WriteLine($"  {"".PadRight(width)}exemple : {example}");
        }
        output.WriteLine();
        output.WriteLine("Commandes de JasperFx, de Marten et de Wolverine :");
        output.WriteLine();
        foreach (var type in framework)
        {
            var name = CommandFactory.CommandNameFor(type);
            output.WriteLine($"  {name.PadRight(width)}{InFrench.GetValueOrDefault(name) ?? $"{CommandFactory.DescriptionFor(type)} (en anglais)"} [{Origin(type)}]");
        }
        output.WriteLine();
        output.WriteLine("« help COMMANDE » (par exemple help replay) montre les arguments et les options d'une commande.");
        return 0;
    }

    private static int Order(string name) => name switch { "run" => 0, "help" => 1, _ when InFrench.ContainsKey(name) => 2, _ => 3 };

    private static string Origin(Type type) => type.Assembly.GetName().Name switch
    {
        { } n when n.StartsWith("Marten", StringComparison.Ordinal) => "Marten",
        { } n when n.StartsWith("Wolverine", StringComparison.Ordinal) => "Wolverine",
        { } n when n.StartsWith("Weasel", StringComparison.Ordinal) => "Weasel, pour Marten et Wolverine",
        _ => "JasperFx",
    };

    private static IEnumerable<Type> CommandTypes(Assembly assembly) =>
        assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IJasperFxCommand).IsAssignableFrom(t));
}
