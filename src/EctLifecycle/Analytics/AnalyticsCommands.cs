using EctLifecycle.Timelines;
using System.Text.Json;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EctLifecycle.Analytics;

public enum OutputFormat { Table, Csv, Json }

public class AnalyticsInput : NetCoreInput
{
    [FlagAlias("as-of"), Description("Date métier AAAA-MM-JJ (par défaut aujourd'hui)")]
    public string? AsOfFlag { get; set; }

    [FlagAlias("grid"), Description("Version de grille (par défaut v1)")]
    public string? GridFlag { get; set; }

    [FlagAlias("known-at"), Description("Date de saisie AAAA-MM-JJ : la base telle qu'elle était ce jour-là")]
    public string? KnownAtFlag { get; set; }

    [FlagAlias("format"), Description("table (par défaut), csv ou json")]
    public string? FormatFlag { get; set; }

    [FlagAlias("chart"), Description("Dessine la réponse dans FICHIER.svg ou FICHIER.png")]
    public string? ChartFlag { get; set; }
}

/// <summary>The shared run of every analytics command: parameters checked, history loaded, answer printed and drawn.</summary>
public abstract class AnalyticsCommand<TInput> : JasperFxAsyncCommand<TInput> where TInput : AnalyticsInput
{
    protected abstract Task<ITidy?> AnswerAsync(TInput input, AnalyticsParameters p, IQuerySession session, GridCatalog grids,
        Dictionary<string, string[]> errors);

    protected abstract void PrintTable(ITidy answer);

    /// <summary>The command's services (a command's own settings), while it runs.</summary>
    protected IServiceProvider Services { get; private set; } = null!;

    public override async Task<bool> Execute(TInput input)
    {
        using var host = input.BuildHost();
        Services = host.Services;
        var grids = host.Services.GetRequiredService<GridCatalog>();
        var errors = new Dictionary<string, string[]>();
        var p = AnalyticsParameters.Read(input.AsOfFlag, input.GridFlag, input.KnownAtFlag, host.Services.GetRequiredService<BusinessCalendar>(), grids, errors);
        var format = AnalyticsParameters.ReadEnum<OutputFormat>("--format", input.FormatFlag, OutputFormat.Table, errors);
        if (input.ChartFlag is { } chartPath && Charts.FormatOfPath(chartPath) is null) errors["--chart"] = ["le fichier doit finir par .svg ou .png"];
        if (errors.Count > 0) return Fail(errors);

        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var answer = await AnswerAsync(input, p, session, grids, errors);
        if (answer is null || errors.Count > 0) return Fail(errors);

        switch (format)
        {
            case OutputFormat.Csv: Console.Out.Write(TidyCsv.Text(answer.Tidy(), new TidyLabels(grids))); break;
            case OutputFormat.Json: Console.Out.WriteLine(JsonSerializer.Serialize(answer, answer.GetType(), CliJson)); break;
            default: PrintTable(answer); break;
        }
        if (input.ChartFlag is { } path)
        {
            await File.WriteAllBytesAsync(path, Charts.Render(Charts.Of(answer), Charts.FormatOfPath(path)!.Value));
            AnsiConsole.MarkupLineInterpolated($"[green]Graphique écrit[/] : {path}");
        }
        return true;
    }

    private static readonly JsonSerializerOptions CliJson = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        Json.Configure(o);
        return o;
    }

    private static bool Fail(Dictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
            AnsiConsole.MarkupLineInterpolated($"[red]{field} : {string.Join(" ; ", messages)}[/]");
        return false;
    }

    protected static void Print(string title, IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows)
    {
        var table = new Table().Title(title).Border(TableBorder.Rounded);
        foreach (var h in headers) table.AddColumn(h);
        foreach (var r in rows) table.AddRow(r.Select(Markup.Escape).ToArray());
        Cli.Consoles.Payload.Write(table);
    }

    protected static string N(double d) => d.ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
}

[Description("Le portefeuille à une date : profil de chaque projet et chiffres d'ensemble", Name = "replay")]
public sealed class ReplayCommand : AnalyticsCommand<AnalyticsInput>
{
    protected override async Task<ITidy?> AnswerAsync(AnalyticsInput input, AnalyticsParameters p, IQuerySession session, GridCatalog grids, Dictionary<string, string[]> errors) =>
        await PortfolioAt.OfAsync(await PortfolioHistory.LoadAsync(session, p, CancellationToken.None), p);

    protected override void PrintTable(ITidy answer)
    {
        var a = (PortfolioAt)answer;
        Print($"Portefeuille au {a.AsOf:dd/MM/yyyy}, grille {a.GridVersion} : {a.Projects} projets, score moyen {N(a.MeanScore)}",
            ["Clé", "Projet", "Étape", "Forme", "Score", "Potentiel", .. a.PillarMeans.Keys.Select(Charts.PillarLabel)],
            a.Profiles.Select(x => (IEnumerable<string>)[x.Key, x.Name, FrenchLabels.Of(x.Stage), x.LegalForm is { } f ? FrenchLabels.Of(f) : "—",
                x.Score.Score.ToString(), x.Score.EctPotential ? "oui" : "non", .. x.Score.Pillars.Select(y => N(y.Mean))]));
        Print("Moyennes des piliers", ["Pilier", "Moyenne"], a.PillarMeans.Select(m => (IEnumerable<string>)[Charts.PillarLabel(m.Key), N(m.Value)]));
        Print("Par étape", ["Étape", "Projets"], a.ByStage.Select(x => (IEnumerable<string>)[FrenchLabels.Of(typeof(Stage), x.Key) ?? x.Key, x.Value.ToString()]));
    }
}

public sealed class DistributionInput : AnalyticsInput
{
    [FlagAlias("compare"), Description("Une autre grille à comparer : distributions côte à côte et franchissements du seuil")]
    public string? CompareFlag { get; set; }
}

[Description("La distribution des scores ECT à une date (comme la figure 3 de l'étude), son nœud à côté du seuil, ou deux grilles comparées", Name = "distribution")]
public sealed class DistributionCommand : AnalyticsCommand<DistributionInput>
{
    protected override async Task<ITidy?> AnswerAsync(DistributionInput input, AnalyticsParameters p, IQuerySession session, GridCatalog grids, Dictionary<string, string[]> errors)
    {
        var other = input.CompareFlag is null ? null : AnalyticsParameters.ReadGrid("--compare", input.CompareFlag, grids, errors);
        if (errors.Count > 0) return null;
        var history = await PortfolioHistory.LoadAsync(session, p, CancellationToken.None);
        return other is null ? await Distribution.OfAsync(history, p) : await GridComparison.OfAsync(history, p, other);
    }

    protected override void PrintTable(ITidy answer)
    {
        if (answer is GridComparison c)
        {
            Print($"Grilles {c.Base.GridVersion} et {c.Other.GridVersion} au {c.Base.AsOf:dd/MM/yyyy}", ["Score", c.Base.GridVersion, c.Other.GridVersion],
                c.Base.Counts.Zip(c.Other.Counts).Where(x => x.First.Projects + x.Second.Projects > 0)
                    .Select(x => (IEnumerable<string>)[x.First.Score.ToString(), x.First.Projects.ToString(), x.Second.Projects.ToString()]));
            Print("Franchissements du seuil", ["Sens", "Clé", "Projet", "Scores"],
                c.CrossedUp.Select(x => (IEnumerable<string>)["passe le seuil", x.Key, x.Name, $"{x.Score} → {x.OtherScore}"])
                    .Concat(c.CrossedDown.Select(x => (IEnumerable<string>)["perd le seuil", x.Key, x.Name, $"{x.Score} → {x.OtherScore}"])));
            return;
        }
        var d = (Distribution)answer;
        Print($"Scores ECT au {d.AsOf:dd/MM/yyyy}, grille {d.GridVersion} : {d.AtOrAboveThreshold} projets sur {d.Projects} au seuil {d.Threshold} ({AnalyticsLabels.Comparison(d.ThresholdComparison)})",
            ["Score", "Projets", ""],
            d.Counts.Where(c => c.Projects > 0).Select(c => (IEnumerable<string>)[c.Score.ToString(), c.Projects.ToString(),
                new string('█', c.Projects) + (d.Reaches(c.Score) ? "  (seuil atteint)" : "") + (c.Score == d.Node?.Score ? "  (nœud)" : "")]));
        Cli.Consoles.Payload.WriteLine(AnalyticsLabels.Node(d));
    }
}

[Description("L'échantillon qualitatif de l'étude à une date : score, porteur, résilience", Name = "sample")]
public sealed class SampleCommand : AnalyticsCommand<AnalyticsInput>
{
    protected override async Task<ITidy?> AnswerAsync(AnalyticsInput input, AnalyticsParameters p, IQuerySession session, GridCatalog grids, Dictionary<string, string[]> errors) =>
        await Sample.OfAsync(await PortfolioHistory.LoadAsync(session, p, CancellationToken.None), p);

    protected override void PrintTable(ITidy answer)
    {
        var s = (Sample)answer;
        static string Mark(bool ok) => ok ? "✓" : "✗";
        Print($"Échantillon au {s.AsOf:dd/MM/yyyy} : {s.Preselected} présélectionnés, {s.Selected} retenus (résilience moyenne {N(s.PortfolioResilienceMean)})",
            ["Clé", "Projet", "Score", "Seuil atteint", "Porteur", "Résilience", "> moyenne", "Retenu"],
            s.Projects.Select(e => (IEnumerable<string>)[e.Key, e.Name, e.Score.ToString(), Mark(e.MeetsScore), Mark(e.MeetsCarrier),
                N(e.ResilienceMean), Mark(e.MeetsResilience), e.Selected ? "oui" : ""]));
    }
}

public sealed class DriftInput : AnalyticsInput
{
    [FlagAlias("project"), Description("Un projet, par sa clé ou son identifiant")]
    public string? ProjectFlag { get; set; }

    [FlagAlias("by"), Description("Cohortes : emergenceContext, hubRole, legalForm, sector, accompanied, emergenceYear, stopped, territory, populationClass")]
    public string? ByFlag { get; set; }

    [FlagAlias("align-on"), Description("Aligne chaque projet sur un jalon : hubSupportEnded, legalFormAdopted, carrierLost, firstFunding, emergence")]
    public string? AlignOnFlag { get; set; }

    [FlagAlias("period"), Description("month, quarter ou year (par défaut)")]
    public string? PeriodFlag { get; set; }
}

[Description("La dérive des piliers : d'un projet (--project), par cohorte (--by), ou alignée sur un jalon (--align-on)", Name = "drift")]
public sealed class DriftCommand : AnalyticsCommand<DriftInput>
{
    protected override async Task<ITidy?> AnswerAsync(DriftInput input, AnalyticsParameters p, IQuerySession session, GridCatalog grids, Dictionary<string, string[]> errors)
    {
        var period = AnalyticsParameters.ReadEnum<Period>("--period", input.PeriodFlag, Period.Year, errors);
        var by = AnalyticsParameters.ReadEnum<CohortField>("--by", input.ByFlag, null, errors);
        var on = AnalyticsParameters.ReadEnum<AlignAnchor>("--align-on", input.AlignOnFlag, null, errors);
        if (errors.Count == 0 && input.ProjectFlag is null && by is null && on is null)
            errors["--project"] = ["donnez --project CLÉ, --by CHAMP ou --align-on JALON"];
        if (input.ProjectFlag is not null && (by is not null || on is not null))
            errors["--project"] = ["--project ne se combine pas avec --by ni --align-on"];
        if (errors.Count > 0) return null;

        if (input.ProjectFlag is { } key)
        {
            var id = await ProjectKey.ResolveAsync(session, key);
            var timeline = await session.LoadTimelineAsync(id, CancellationToken.None);
            if (p.RecordedBy is { } recordedBy) timeline = timeline?.KnownAt(recordedBy);
            if (timeline?.Registration is null) { errors["--project"] = [$"projet inconnu « {key} »"]; return null; }
            return ProjectDrift.Of(timeline, p, period!.Value);
        }
        var history = await PortfolioHistory.LoadAsync(session, p, CancellationToken.None);
        var territory = Services!.GetRequiredService<Communes.Territory>();
        return on is { } anchor ? await AlignedDrift.OfAsync(history, p, anchor, by, territory: territory)
            : await CohortDrift.OfAsync(history, p, by!.Value, period!.Value, territory: territory);
    }

    protected override void PrintTable(ITidy answer)
    {
        switch (answer)
        {
            case ProjectDrift d:
                Print($"{d.Name} ({d.Key}), grille {d.GridVersion}", ["Date", "Score", .. Scoring.Grid.PillarIds.Select(Charts.PillarLabel)],
                    d.Samples.Select(s => (IEnumerable<string>)[s.Date.ToString("dd/MM/yyyy"), s.Score.ToString(), .. Scoring.Grid.PillarIds.Select(x => N(s.PillarMeans[x]))]));
                Print("Changements", ["Date", "Score", "Jalons"],
                    d.ChangePoints.Select(c => (IEnumerable<string>)[c.Date.ToString("dd/MM/yyyy"), c.Score.ToString(),
                        string.Join(", ", c.Events.Select(e => FrenchLabels.MilestoneTypes[e.Type]))]));
                break;
            case CohortDrift c:
                Print($"Cohortes par {AnalyticsLabels.Of(c.By).ToLowerInvariant()}, grille {c.GridVersion}", [AnalyticsLabels.Of(c.By), "Fin de période", "Projets", "Score moyen", .. Scoring.Grid.PillarIds.Select(Charts.PillarLabel)],
                    c.Points.Select(x => (IEnumerable<string>)[AnalyticsLabels.Cohort(c.By, x.Cohort), x.Date.ToString("dd/MM/yyyy"), x.Projects.ToString(), N(x.Score.Mean),
                        .. Scoring.Grid.PillarIds.Select(id => $"{N(x.Pillars[id].Mean)} (méd. {N(x.Pillars[id].Median)})")]));
                break;
            case AlignedDrift a:
                Print($"Alignés sur « {AnalyticsLabels.Of(a.On)} » : {a.ProjectsAligned} projets, grille {a.GridVersion}", [a.By is { } by ? AnalyticsLabels.Of(by) : "Cohorte", "Années", "Projets", "Score moyen", .. Scoring.Grid.PillarIds.Select(Charts.PillarLabel)],
                    a.Points.Select(x => (IEnumerable<string>)[AnalyticsLabels.Cohort(a.By, x.Cohort), x.OffsetYears.ToString("+0;-0;0"), x.Projects.ToString(), N(x.Score.Mean),
                        .. Scoring.Grid.PillarIds.Select(id => N(x.Pillars[id].Mean))]));
                break;
        }
    }
}

[Description("Où les projets ont émergé chaque année : dans l'agglomération ou hors, par classe de population, par EPCI", Name = "territory")]
public sealed class TerritoryCommand : AnalyticsCommand<AnalyticsInput>
{
    protected override async Task<ITidy?> AnswerAsync(AnalyticsInput input, AnalyticsParameters p, IQuerySession session, GridCatalog grids, Dictionary<string, string[]> errors) =>
        await TerritoryEmergence.OfAsync(await PortfolioHistory.LoadAsync(session, p, CancellationToken.None), p, Services!.GetRequiredService<Communes.Territory>());

    protected override void PrintTable(ITidy answer)
    {
        var t = (TerritoryEmergence)answer;
        Print($"Émergence des projets au {t.AsOf:dd/MM/yyyy} : {t.InAgglomeration} sur {t.Projects} dans l'agglomération ({t.AgglomerationName}), {t.Projects - t.Placed} non placés",
            ["Année", "Projets", "Dans l'agglomération", "Hors", "Non placés", .. t.PopulationClasses.Select(c => c.Label)],
            t.Years.Select(y => (IEnumerable<string>)[y.Year.ToString(), y.Projects.ToString(), y.ByTerritory[Communes.TerritoryValues.Inside].ToString(),
                y.ByTerritory[Communes.TerritoryValues.Outside].ToString(), y.ByTerritory[Communes.TerritoryValues.Unplaced].ToString(),
                .. t.PopulationClasses.Select(c => y.ByPopulationClass[c.Value].ToString())]));
        Print("Par EPCI", ["EPCI", "Projets", "Années"], t.Epcis.Select(e => (IEnumerable<string>)[e.Name, e.Projects.ToString(), $"{e.FirstYear}–{e.LastYear}"]));
        Cli.Consoles.Payload.WriteLine(TerritoryEmergence.NoMap);
    }
}
