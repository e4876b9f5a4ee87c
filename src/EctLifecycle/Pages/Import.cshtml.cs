using EctLifecycle.Accounts;
using EctLifecycle.Portfolio;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace EctLifecycle.Pages;

/// <summary>
/// Upload the hub's spreadsheet (or a zip of CSV), check it first if you like, see the errors row by row. Exports have
/// their own page. A plain form post answers the page; the page's script (js/import.js) asks for the progress instead
/// (<see cref="ImportProgressLines"/>), whose last line carries the same result, rendered by the same partial view.
/// </summary>
[ImportUploadLimits]
public sealed class ImportModel(PortfolioImporter importer, ImportLimits limits, ILogger<ImportModel> logger) : PageModel
{
    public const string ResultView = "_ImportResult";

    public ImportResult? Result { get; private set; }
    public string? FileName { get; private set; }
    public string? Problem { get; private set; }
    public string? Encoding { get; private set; }

    public IActionResult OnGet(string? refus)
    {
        // An analyst who cannot import came for the exports, which were on this page before.
        if (!User.MayWrite()) return User.MayAnalyse() ? Redirect("/exports") : Forbid();
        if (refus == "taille") Problem = ImportUpload.TooLargeText(limits);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, bool dryRun, string? encoding, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        if (!ImportProgressLines.IsAsked(Request))
        {
            await ImportAsync(file, dryRun, encoding, null, ct);
            return Page();
        }
        var lines = ImportProgressLines.Start(Response, ct);
        await using (lines)
        {
            try { await ImportAsync(file, dryRun, encoding, lines, ct); }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // The answer has started: the error page cannot be sent, the last line says it instead.
                logger.LogError(ex, "The import of {File} failed", file?.FileName);
                (Result, Problem) = (null, "une erreur inattendue est survenue (elle est consignée dans le journal de l'application) : rien n'a été importé");
            }
            await lines.EndAsync(new { stage = ImportProgressLines.End, ok = Result?.Ok ?? false, html = await ResultHtmlAsync() });
        }
        return new EmptyResult();
    }

    private async Task ImportAsync(IFormFile? file, bool dryRun, string? encoding, ImportProgressLines? progress, CancellationToken ct)
    {
        Encoding = encoding;
        if (file is not { Length: > 0 })
        {
            Problem = "choisissez un fichier (classeur .xlsx ou zip de CSV)";
            return;
        }
        if (!CsvEncodings.TryParse(encoding, out var chosen))
        {
            Problem = $"encodage inconnu « {encoding} », attendu parmi : {CsvEncodings.Accepted}";
            return;
        }
        FileName = file.FileName;
        PortfolioFile content;
        await using (var stream = file.OpenReadStream())
        {
            var reading = new PortfolioReading(limits, chosen);
            if (progress is null) content = PortfolioFormats.Read(stream, file.FileName, reading);
            else
            {
                var followed = new ReadingProgressStream(stream, (done, total) => progress.Report(ImportProgressLines.Reading, done, total));
                // Read off the request's thread: a 50 MB workbook takes a while, and the progress goes out meanwhile.
                content = await Task.Run(() => PortfolioFormats.Read(followed, file.FileName, reading), ct);
                followed.Done();
            }
        }
        Result = await importer.ImportAsync(content, dryRun, User.Login(), progress, ct);
    }

    /// <summary>The result as the page shows it, for the progress's last line.</summary>
    private async Task<string> ResultHtmlAsync()
    {
        var engine = HttpContext.RequestServices.GetRequiredService<ICompositeViewEngine>();
        var view = engine.FindView(PageContext, ResultView, isMainPage: false).View
            ?? throw new InvalidOperationException($"vue partielle {ResultView} introuvable");
        await using var writer = new StringWriter();
        var data = new ViewDataDictionary<ImportModel>(ViewData, this);
        await view.RenderAsync(new ViewContext(PageContext, view, data, TempData, writer, new HtmlHelperOptions()));
        return writer.ToString();
    }
}
