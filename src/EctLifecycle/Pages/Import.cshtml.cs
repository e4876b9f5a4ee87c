using EctLifecycle.Accounts;
using EctLifecycle.Portfolio;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

/// <summary>Upload the hub's spreadsheet (or a zip of CSV), check it first if you like, see the errors row by row. Exports have their own page.</summary>
[ImportUploadLimits]
public sealed class ImportModel(PortfolioImporter importer, ImportLimits limits) : PageModel
{
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
        Encoding = encoding;
        if (file is not { Length: > 0 })
        {
            Problem = "choisissez un fichier (classeur .xlsx ou zip de CSV)";
            return Page();
        }
        if (!CsvEncodings.TryParse(encoding, out var chosen))
        {
            Problem = $"encodage inconnu « {encoding} », attendu parmi : {CsvEncodings.Accepted}";
            return Page();
        }
        FileName = file.FileName;
        PortfolioFile content;
        await using (var stream = file.OpenReadStream())
            content = PortfolioFormats.Read(stream, file.FileName, new PortfolioReading(limits, chosen));
        Result = await importer.ImportAsync(content, dryRun, User.Login(), null, ct);
        return Page();
    }
}
