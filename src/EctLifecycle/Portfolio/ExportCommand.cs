using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EctLifecycle.Portfolio;

public sealed class ExportInput : NetCoreInput
{
    [Description("Fichier à écrire : .xlsx (classeur) ou .zip (CSV)")]
    public string File { get; set; } = "";
}

[Description("Exporte tout le portefeuille au format d'import (classeur ou zip de CSV)", Name = "export")]
public sealed class ExportCommand : JasperFxAsyncCommand<ExportInput>
{
    public override async Task<bool> Execute(ExportInput input)
    {
        if (!input.File.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) && !input.File.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            AnsiConsole.MarkupLine("[red]Le fichier doit finir par .xlsx ou .zip[/]");
            return false;
        }
        using var host = input.BuildHost();
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        // Written beside the file asked, then put in its place: a refusal or a failure leaves a file of that name as it was.
        var partial = input.File + ".partiel";
        ExportCounts counts;
        try
        {
            await using (var output = System.IO.File.Create(partial))
                counts = await PortfolioExporter.WriteAsync(session, output, PortfolioFormats.FormatOfName(input.File), CancellationToken.None);
            System.IO.File.Move(partial, input.File, overwrite: true);
        }
        catch (Exception e)
        {
            System.IO.File.Delete(partial);
            if (e is not TooManyRowsForXlsxException) throw;
            AnsiConsole.MarkupLineInterpolated($"[red]Rien n'est exporté[/] : {e.Message} (un fichier .zip).");
            return false;
        }
        await PortfolioExporter.JournalAsync(session.DocumentStore, host.Services.GetRequiredService<TimeProvider>(), Journal.Audit.CommandLine,
            counts, Path.GetFileName(input.File), Journal.Audit.OnTheServer(), CancellationToken.None);
        AnsiConsole.MarkupLineInterpolated(
            $"[green]Exporté[/] : {counts.Projects} projets, {counts.Milestones} jalons, {counts.Assessments} évaluations → {input.File}");
        return true;
    }
}
