using JasperFx.CommandLine;
using Spectre.Console;

namespace EctLifecycle.Cli;

/// <summary>
/// Where the command line writes. Standard output carries only a command's payload (a table, CSV, JSON, a token, a
/// drawn password), so that `replay --format json | jq .`, `distribution --format csv > d.csv` and
/// `TOKEN=$(… users token admin)` work; everything else (messages, progress bars, errors, JasperFx's, Marten's and
/// Wolverine's own output, the logs) goes to standard error. Logs are quiet unless asked: warnings and errors only for a
/// command, information with <see cref="VerboseFlag"/> or <see cref="VerboseVariable"/>=1.
/// </summary>
public static class Consoles
{
    public const string VerboseFlag = "--verbose", VerboseVariable = "ECT_VERBOSE";

    /// <summary>
    /// Width given to a console written to a file or a pipe: Spectre would otherwise wrap every table at 80 columns.
    /// Tables take only the width their cells need (they do not expand), so a wide limit only stops the wrapping.
    /// </summary>
    public const int RedirectedWidth = 4096;

    /// <summary>Standard output, for payloads: tables go through it.</summary>
    public static IAnsiConsole Payload { get; private set; } = Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>True when the app serves (no command, only options such as --urls, or `run`) rather than running a command.</summary>
    public static bool Serves(string[] args) => args.Length == 0 || args[0].StartsWith('-') || args[0].Equals("run", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// For the app's own commands and for serving, sends Spectre's console (AnsiConsole, which the app's messages and
    /// JasperFx write to) to standard error, and takes <see cref="VerboseFlag"/> out of the arguments (JasperFx would
    /// print "Verbose flag is on." on standard output); keeps <see cref="Payload"/> on standard output. `help` and the
    /// framework's commands (db-apply, codegen, describe…) keep writing where they do, on standard output, and keep
    /// their own --verbose: what they print is their result.
    /// </summary>
    public static (string[] Args, bool Verbose) Route(string[] args)
    {
        var verbose = args.Contains(VerboseFlag, StringComparer.OrdinalIgnoreCase) || Environment.GetEnvironmentVariable(VerboseVariable) is "1" or "true";
        if (Serves(args) || FrenchHelp.AppCommandNames.Contains(args[0].ToLowerInvariant()))
        {
            args = args.Where(a => !a.Equals(VerboseFlag, StringComparison.OrdinalIgnoreCase)).ToArray();
            AnsiConsole.Console = Create(Console.Error, Console.IsErrorRedirected);
        }
        Payload = Create(Console.Out, Console.IsOutputRedirected);
        // Serving has no payload: what JasperFx still writes on standard output then (with --urls, as deploy/run serves,
        // "Detected reserved AspNetCore or .NET flags…") goes to standard error with the logs.
        if (Serves(args) && !FrenchHelp.IsAsked(args)) Console.SetOut(Console.Error);
        // JasperFx prints "Searching '<assembly>' for commands" for each assembly it scans, unless it believes it did so
        // already (a private static flag): noise for whoever runs a command, shown only when verbose.
        if (!verbose)
            typeof(CommandFactory).GetField("_hasAppliedExtensions", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
                ?.SetValue(null, true);
        return (args, verbose);
    }

    /// <summary>The logs' least level for a command: warnings, or information when verbose (serving keeps appsettings.json's).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> CommandLogLevels(bool verbose) =>
        [new("Logging:LogLevel:Default", verbose ? "Information" : "Warning")];

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
