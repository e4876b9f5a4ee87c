using EctLifecycle.Accounts;
using EctLifecycle.Portfolio.Demo;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EctLifecycle.Portfolio;

public sealed class DemoInput : NetCoreInput
{
    [FlagAlias("projects"), Description("Un portefeuille synthétique de N projets au lieu de la démo de 44 projets calquée sur l'étude")]
    public int ProjectsFlag { get; set; }

    [FlagAlias("seed"), Description("Graine du générateur (même graine, même portefeuille)")]
    public int SeedFlag { get; set; }

    [FlagAlias("out"), Description("Écrit le portefeuille dans ce fichier (.xlsx ou .zip) au lieu de l'importer")]
    public string? OutFlag { get; set; }

    [FlagAlias("if-empty"), Description("N'importe que dans une base vide ; sinon ne fait rien (sans erreur)")]
    public bool IfEmptyFlag { get; set; }
}

[Description("Génère un portefeuille de démonstration (fictif) et l'importe, ou l'écrit dans un fichier", Name = "demo")]
public sealed class DemoCommand : JasperFxAsyncCommand<DemoInput>
{
    public override async Task<bool> Execute(DemoInput input)
    {
        if (input.ProjectsFlag < 0) { AnsiConsole.MarkupLine("[red]--projects doit être positif[/]"); return false; }
        var projects = input.ProjectsFlag > 0
            ? DemoPortfolio.Synthetic(input.ProjectsFlag, input.SeedFlag == 0 ? 1 : input.SeedFlag)
            : DemoPortfolio.Study(input.SeedFlag == 0 ? 2024 : input.SeedFlag);
        var file = DemoPortfolio.ToFile(projects);

        if (input.OutFlag is { } path)
        {
            if (!path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                AnsiConsole.MarkupLine("[red]--out doit finir par .xlsx ou .zip[/]");
                return false;
            }
            await using (var output = File.Create(path)) PortfolioFormats.Write(file, output, PortfolioFormats.FormatOfName(path));
            AnsiConsole.MarkupLineInterpolated($"[green]Écrit[/] : {file.Projects.Count} projets, {file.Milestones.Count} jalons, {file.Assessments.Count} évaluations → {path}");
            return true;
        }

        using var host = input.BuildHost();
        await using (var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            if (await host.Services.GetRequiredService<EventStore.IEventRows>().CountProjectsAsync(CancellationToken.None) > 0)
            {
                if (input.IfEmptyFlag)
                {
                    AnsiConsole.MarkupLine("La base contient déjà des projets : la démo n'est pas importée.");
                    // A database seeded by the demo keeps its demo accounts: remind them.
                    if (await session.LoadAsync<UserAccount>(DemoAccounts.All[0].Login) is { } demo && demo.DisplayName == DemoAccounts.All[0].Name)
                        await DemoAccounts.EnsureAsync(host.Services.GetRequiredService<IDocumentStore>(), host.Services.GetRequiredService<TimeProvider>(), print: true);
                    return true;
                }
                AnsiConsole.MarkupLine("[red]La base contient déjà des projets : la démo ne s'importe que dans une base vide.[/]");
                return false;
            }
        }
        var importer = host.Services.GetRequiredService<PortfolioImporter>();
        ImportResult result = null!;
        await ConsoleProgress.RunAsync("Démo", async progress =>
            result = await importer.ImportAsync(file, dryRun: false, "démo", progress, CancellationToken.None, Journal.Audit.CommandLine));
        if (!result.Ok)
        {
            foreach (var error in result.Errors.Take(50)) AnsiConsole.WriteLine($"  {error}");
            return false;
        }
        AnsiConsole.MarkupLineInterpolated($"[green]Démo importée[/] : {result.Summary!.ProjectsCreated} projets, {result.Summary.EventsAppended} événements.");
        await ScoreHistory.ScoreHistorySchema.EnsureIndexesAsync(host.Services, Console.Error, beforeRebuild: false);
        await DemoAccounts.EnsureAsync(host.Services.GetRequiredService<IDocumentStore>(), host.Services.GetRequiredService<TimeProvider>(), print: true);
        var plans = await DemoPlans.SeedAsync(host.Services.GetRequiredService<IDocumentStore>(), host.Services.GetRequiredService<BusinessCalendar>(),
            host.Services.GetRequiredService<Plans.PlanBook>(), CancellationToken.None);
        var actors = await Demo.DemoActors.LinkAsync(host.Services.GetRequiredService<IDocumentStore>(), host.Services.GetRequiredService<TimeProvider>(), CancellationToken.None);
        AnsiConsole.MarkupLineInterpolated($"Annuaire des acteurs : {actors} acteurs partagés par plusieurs projets, reliés à leurs noms (page /acteurs).");
        AnsiConsole.MarkupLineInterpolated($"Événements du pôle : {await HubEvents.DemoHubEvents.SeedAsync(host.Services.GetRequiredService<IDocumentStore>(), host.Services.GetRequiredService<TimeProvider>(), host.Services.GetRequiredService<Communes.Territory>(), Demo.DemoPortfolio.StudyDate, CancellationToken.None)} Start Up de Territoire et ateliers avec leurs participants (page /evenements).");
        AnsiConsole.MarkupLineInterpolated($"Plans de démonstration : {plans} pour « {DemoPlans.InCharge} », en plus de ceux que les règles ont tirés de l'historique (page /a-faire).");
        return true;
    }
}
