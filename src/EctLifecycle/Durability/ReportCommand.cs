using EctLifecycle.Timelines;
using System.Text.Json;
using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EctLifecycle.Durability;

public sealed class ReportInput : NetCoreInput
{
    [Description("Le rapport : durability")]
    public string Report { get; set; } = "";

    [FlagAlias("project"), Description("Un projet arrêté, par sa clé ou son identifiant (sinon tout le portefeuille)")]
    public string? ProjectFlag { get; set; }

    [FlagAlias("as-of"), Description("Date métier AAAA-MM-JJ (par défaut aujourd'hui)")]
    public string? AsOfFlag { get; set; }

    [FlagAlias("grid"), Description("Version de grille (par défaut v1)")]
    public string? GridFlag { get; set; }

    [FlagAlias("known-at"), Description("Date de saisie AAAA-MM-JJ : la base telle qu'elle était ce jour-là")]
    public string? KnownAtFlag { get; set; }

    [FlagAlias("out"), Description("Fichier à écrire : .html, .pdf, .md, .csv (ou .json)")]
    public string? OutFlag { get; set; }
}

[Description("Rapport de durabilité des projets arrêtés (portefeuille, ou --project) en HTML, PDF, Markdown ou CSV", Name = "report")]
public sealed class ReportCommand : JasperFxAsyncCommand<ReportInput>
{
    public const string Durability = "durability";

    public override async Task<bool> Execute(ReportInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (!string.Equals(input.Report, Durability, StringComparison.OrdinalIgnoreCase))
            errors["rapport"] = [$"rapport inconnu « {input.Report} », attendu : {Durability}"];
        var format = input.OutFlag is { } path ? ReportRendering.FormatOfPath(path) : null;
        if (input.OutFlag is null) errors["--out"] = ["donnez le fichier à écrire : --out FICHIER.html, .pdf, .md ou .csv"];
        else if (format is null) errors["--out"] = ["le fichier doit finir par .html, .pdf, .md, .csv ou .json"];
        if (errors.Count > 0) return Fail(errors);

        using var host = input.BuildHost();
        var grids = host.Services.GetRequiredService<GridCatalog>();
        var p = AnalyticsParameters.Read(input.AsOfFlag, input.GridFlag, input.KnownAtFlag, host.Services.GetRequiredService<BusinessCalendar>(), grids, errors);
        if (errors.Count > 0) return Fail(errors);

        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        ITidy report;
        if (input.ProjectFlag is { } key)
        {
            var id = await ProjectKey.ResolveAsync(session, key);
            var timeline = await session.LoadTimelineAsync(id, CancellationToken.None);
            if (p.RecordedBy is { } by) timeline = timeline?.KnownAt(by);
            if (timeline?.Registration is null) return Fail(new() { ["--project"] = [$"projet inconnu « {key} »"] });
            if (ProjectReport.Of(timeline, p.AsOf, p.Grid) is not { } one)
                return Fail(new() { ["--project"] = [DurabilityReportEndpoints.NotStoppedMessage(((ProjectRegistered)timeline.Registration.Event).Name, p.AsOf)] });
            report = one;
        }
        else report = await host.Services.GetRequiredService<PortfolioReading>().ReadAsync(session, p, CancellationToken.None);

        RenderedReport rendered;
        try
        {
            rendered = await ReportRendering.RenderAsync(report, format!.Value, Path.GetFileNameWithoutExtension(input.OutFlag!),
                host.Services.GetRequiredService<TimeProvider>(), CliJson, new TidyLabels(host.Services.GetRequiredService<GridCatalog>()), CancellationToken.None);
        }
        catch (Exception e) when (e is ChromiumMissingException or PdfRenderingException)
        {
            return Fail(new() { ["--out"] = [e.Message] });
        }
        await File.WriteAllBytesAsync(input.OutFlag!, rendered.Bytes);
        await ReportJournal.RecordAsync(session.DocumentStore, host.Services.GetRequiredService<TimeProvider>(), Journal.Audit.CommandLine,
            report, format!.Value, Journal.Audit.OnTheServer(new() { ["file"] = Path.GetFileName(input.OutFlag!) }), CancellationToken.None);
        AnsiConsole.MarkupLineInterpolated($"[green]Rapport de durabilité écrit[/] : {input.OutFlag} ({Describe(report)})");
        return true;
    }

    private static string Describe(ITidy report) => report switch
    {
        PortfolioReport r => $"{r.Projects} projets au {r.AsOf:dd/MM/yyyy}, {r.StoppedCount} arrêtés, {r.WatchList.Count} à surveiller",
        ProjectReport r => $"{r.Project.Name}, arrêté le {r.StoppedOn:dd/MM/yyyy}",
        _ => "",
    };

    private static readonly JsonSerializerOptions CliJson = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        Json.Configure(o);
        return o;
    }

    private static readonly Dictionary<string, string> Flags = new() { ["asOf"] = "--as-of", ["grid"] = "--grid", ["knownAt"] = "--known-at" };

    private static bool Fail(Dictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
            AnsiConsole.MarkupLineInterpolated($"[red]{Flags.GetValueOrDefault(field, field)} : {string.Join(" ; ", messages)}[/]");
        return false;
    }
}
