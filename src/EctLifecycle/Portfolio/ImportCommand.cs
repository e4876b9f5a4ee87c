using EctLifecycle.Projects;
using JasperFx.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EctLifecycle.Portfolio;

public sealed class ImportInput : NetCoreInput
{
    [Description("Classeur .xlsx, zip de CSV, ou dossier de CSV (projects, milestones, assessments)")]
    public string File { get; set; } = "";

    [FlagAlias("dry-run"), Description("Vérifie le fichier sans rien écrire")]
    public bool DryRunFlag { get; set; }

    [FlagAlias("by"), Description("Identifiant du compte qui importe, enregistré comme auteur de chaque fait importé (par défaut « import ») ; la colonne « source » ou « saisi par » du fichier reste la source du fait")]
    public string ByFlag { get; set; } = DefaultBy;

    public const string DefaultBy = "import";

    [FlagAlias("encoding"), Description($"Encodage des fichiers CSV qui ne sont pas en UTF-8 : {CsvEncodings.Accepted}")]
    public string? EncodingFlag { get; set; }
}

[Description("Importe l'historique du pôle depuis un classeur ou des CSV, tout ou rien", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    public override async Task<bool> Execute(ImportInput input)
    {
        if (!CsvEncodings.TryParse(input.EncodingFlag, out var encoding))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]--encoding : encodage inconnu « {input.EncodingFlag} », attendu parmi : {CsvEncodings.Accepted}[/]");
            return false;
        }
        using var host = input.BuildHost();
        var limits = host.Services.GetRequiredService<ImportLimits>();
        PortfolioFile file;
        try { file = PortfolioFormats.ReadPath(input.File, new PortfolioReading(limits, encoding)); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Impossible de lire {input.File} : {ex.Message}[/]");
            return false;
        }
        // A file refused as a whole (a zip bomb, an encoding it is not in) has nothing to check against the database.
        if (file.FormatErrors.FirstOrDefault(e => e.Sheet == ImportError.WholeFile) is { } refused)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Fichier refusé : {refused.Message}[/]");
            return false;
        }

        // Who logs the facts is an account's login (or « import »): a name typed here would stay in every event's loggedBy,
        // which an erasure leaves as it is.
        if (input.ByFlag != ImportInput.DefaultBy)
        {
            await using var session = host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
            if (await Accounts.UserAccount.ActiveLoginAsync(session, input.ByFlag) is not { } login)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]--by : aucun compte actif « {input.ByFlag} » : donnez l'identifiant du compte de qui importe. Rien n'a été importé.[/]");
                return false;
            }
            input.ByFlag = login;
        }

        var importer = host.Services.GetRequiredService<PortfolioImporter>();
        ImportResult result = null!;
        await ConsoleProgress.RunAsync($"Import de {Path.GetFileName(input.File)}", async progress =>
            result = await importer.ImportAsync(file, input.DryRunFlag, input.ByFlag, progress, CancellationToken.None, Journal.Audit.CommandLine));

        if (!result.Ok)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{result.ErrorCountText} : rien n'a été importé.[/]");
            foreach (var error in result.Errors) AnsiConsole.WriteLine($"  {error}");
            if (result.ErrorCount > result.Errors.Count)
                AnsiConsole.WriteLine($"  … et {result.ErrorCount - result.Errors.Count} autres (limite Import:MaxErrors)");
            return false;
        }
        var s = result.Summary!;
        AnsiConsole.MarkupLine((s.DryRun ? "[green]Vérification réussie (rien n'a été écrit)[/]" : "[green]Import réussi[/]") +
            Markup.Escape($" : {s.RowsRead} lignes lues, {s.ProjectsCreated} projet(s) créé(s), " +
                          $"{s.EventsAppended} événement(s) ajouté(s), {s.RowsSkipped} ligne(s) déjà importée(s)."));
        if (!s.DryRun) await ScoreHistory.ScoreHistorySchema.EnsureIndexesAsync(host.Services, Console.Error, beforeRebuild: false);
        return true;
    }
}

/// <summary>A progress bar for long commands, fed by an <see cref="IProgress{T}"/>.</summary>
public static class ConsoleProgress
{
    public static Task RunAsync(string title, Func<IProgress<ImportProgress>, Task> work) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(title);
                await work(new Reported<ImportProgress>(p =>
                {
                    task.Description = $"{title} : {p.Stage}";
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                }));
                task.Value = task.MaxValue;
            });
}
