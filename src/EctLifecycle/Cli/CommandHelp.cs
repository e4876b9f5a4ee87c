using System.Text;
using System.Text.RegularExpressions;
using JasperFx.CommandLine;
using JasperFx.CommandLine.Parsing;

namespace EctLifecycle.Cli;

/// <summary>
/// `help COMMANDE`, `aide COMMANDE`, `COMMANDE --help` and `COMMANDE -h` for the app's own commands: a French screen
/// (usages, arguments, options, the options every command takes, an example) read from the command's definition, its
/// usages and the descriptions of its input's members. Marten's and Wolverine's commands keep JasperFx's own screen.
/// </summary>
public static partial class CommandHelp
{
    private const string App = "dotnet EctLifecycle.dll";
    private const int Width = 100;

    /// <summary>The options JasperFx gives every command (its NetCoreInput), described in French, by member.</summary>
    private static readonly Dictionary<string, (string Usage, string Text)> Common = new()
    {
        ["EnvironmentFlag"] = ("--environment NOM", "Environnement de l'hôte : Production (par défaut) ou Development"),
        ["VerboseFlag"] = ("--verbose", $"Journaux détaillés (niveau information), sur la sortie d'erreur ; ou {Consoles.VerboseVariable}=1"),
        ["LogLevelFlag"] = ("--log-level NIVEAU", "Niveau des journaux : Trace, Debug, Information, Warning, Error, Critical ou None"),
        ["ConfigFlag"] = ("--config:CLÉ VALEUR", "Remplace un réglage de la configuration (par exemple --config:Import:MaxErrors 500)"),
        ["EnvironmentVariableFlag"] = ("--env-variable CLÉ=VALEUR", "Définit une variable d'environnement pour ce processus"),
        ["ContentRootFlag"] = ("--contentroot DOSSIER", "Dossier racine du contenu de l'hôte"),
        ["ApplicationNameFlag"] = ("--applicationname NOM", "Nom de l'application pour l'hôte"),
    };

    /// <summary>What stands for an argument or an option's value, in French, by argument member or option (command:option first).</summary>
    private static readonly Dictionary<string, string> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["File"] = "FICHIER", ["Action"] = "ACTION", ["Login"] = "IDENTIFIANT", ["Report"] = "RAPPORT",
        ["as-of"] = "DATE", ["known-at"] = "DATE", ["grid"] = "GRILLE", ["compare"] = "GRILLE", ["format"] = "FORMAT",
        ["chart"] = "FICHIER", ["out"] = "FICHIER", ["project"] = "PROJET", ["by"] = "IDENTIFIANT", ["drift:by"] = "COHORTE", ["outputs:by"] = "COHORTE",
        ["align-on"] = "JALON", ["period"] = "PÉRIODE", ["name"] = "NOM", ["reason"] = "MOTIF", ["role"] = "RÔLE",
        ["password"] = "MOT_DE_PASSE", ["email"] = "ADRESSE", ["projects"] = "N", ["seed"] = "N", ["encoding"] = "ENCODAGE",
        ["drift-points"] = "N", ["closer-points"] = "N", ["pillar-points"] = "ÉCART",
    };

    private static readonly string[] Asking = ["help", "?", "aide"];
    private static readonly string[] Flags = ["--help", "-h"];

    /// <summary>The app's command whose help is asked, or null (JasperFx answers for its own, Marten's and Wolverine's).</summary>
    public static string? Asked(string[] args)
    {
        var names = FrenchHelp.AppCommandNames;
        if (args is [var ask, var named] && Asking.Contains(ask, StringComparer.OrdinalIgnoreCase) && names.Contains(named.ToLowerInvariant()))
            return named.ToLowerInvariant();
        if (args.Length > 1 && names.Contains(args[0].ToLowerInvariant()) && args.Skip(1).Any(a => Flags.Contains(a, StringComparer.OrdinalIgnoreCase)))
            return args[0].ToLowerInvariant();
        return null;
    }

    public static int Write(string name, TextWriter output)
    {
        var type = new CommandFactory().Also(f => f.RegisterCommands(typeof(Program).Assembly)).AllCommandTypes()
            .Single(t => CommandFactory.CommandNameFor(t) == name);
        var usages = ((IJasperFxCommand)Activator.CreateInstance(type)!).Usages;
        var own = usages.Handlers.Where(h => !Common.ContainsKey(h.MemberName)).ToList();
        var common = usages.Handlers.Where(h => Common.ContainsKey(h.MemberName)).OrderBy(h => Common.Keys.ToList().IndexOf(h.MemberName)).ToList();

        Wrap(output, "", $"{name} : {CommandFactory.DescriptionFor(type)}", "  ");
        output.WriteLine();
        output.WriteLine("Utilisation :");
        foreach (var usage in usages.Usages)
        {
            if (usages.Usages.Count() > 1) Wrap(output, "  ", usage.Description);
            var flags = usage.ValidFlags.Where(f => own.Contains(f)).Select(f => $"[{Option(name, f)}]");
            Wrap(output, "    ", string.Join(' ', new[] { App, name }.Concat(usage.Arguments.Select(Placeholder)).Concat(flags).Append("[options communes]")));
        }
        Section(output, "Arguments :", own.OfType<Argument>().Select(a => (Placeholder(a), a.Description)));
        Section(output, "Options :", own.Where(h => h is not Argument).Select(f => (Option(name, f), f.Description)));
        Section(output, "Options communes à toutes les commandes :", common.Select(f => Common[f.MemberName]));
        if (FrenchHelp.AppCommands.FirstOrDefault(c => c.Name == name).Example is { } example)
        {
            output.WriteLine();
            output.WriteLine("Exemple :");
            output.WriteLine($"  {(example.Contains(App) ? example : $"{App} {example}")}");
        }
        return 0;
    }

    private static string Placeholder(ITokenHandler argument) =>
        Placeholders.GetValueOrDefault(argument.MemberName) ?? argument.MemberName.ToUpperInvariant();

    /// <summary>The option's long name and what its value is (nothing for a yes/no option, the choices of a list).</summary>
    private static string Option(string command, ITokenHandler flag)
    {
        var usage = flag.ToUsageDescription();
        var alias = LongAlias().Match(usage) is { Success: true } m ? m.Groups[1].Value : InputParser.RemoveFlagSuffix(flag.MemberName).ToLowerInvariant();
        if (!usage.Contains('<') && !usage.Contains('|')) return $"--{alias}";
        var choices = Choices().Match(usage);
        var value = choices.Success ? choices.Groups[1].Value
            : Placeholders.GetValueOrDefault($"{command}:{alias}") ?? Placeholders.GetValueOrDefault(alias) ?? "VALEUR";
        return $"--{alias} {value}";
    }

    private static void Section(TextWriter output, string title, IEnumerable<(string Name, string Text)> items)
    {
        var list = items.ToList();
        if (list.Count == 0) return;
        output.WriteLine();
        output.WriteLine(title);
        var width = Math.Min(30, list.Max(i => i.Name.Length)) + 2;
        foreach (var (itemName, text) in list)
        {
            if (itemName.Length + 2 > width)
            {
                output.WriteLine($"  {itemName}");
                Wrap(output, new string(' ', width + 2), text);
            }
            else Wrap(output, $"  {itemName.PadRight(width)}", text, new string(' ', width + 2));
        }
    }

    private static void Wrap(TextWriter output, string first, string text, string? next = null)
    {
        var line = new StringBuilder(first);
        var empty = true;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                output.WriteLine(line.ToString().TrimEnd());
                line.Clear().Append(next ?? new string(' ', first.Length + 4));
                empty = true;
            }
            if (!empty) line.Append(' ');
            line.Append(word);
            empty = false;
        }
        output.WriteLine(line.ToString().TrimEnd());
    }

    private static T Also<T>(this T value, Action<T> act)
    {
        act(value);
        return value;
    }

    [GeneratedRegex(@"--([A-Za-z][A-Za-z0-9:-]*)")]
    private static partial Regex LongAlias();

    [GeneratedRegex(@"\s([A-Za-z]+(?:\|[A-Za-z]+)+)\]?$")]
    private static partial Regex Choices();
}
