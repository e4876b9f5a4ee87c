using EctLifecycle.Accounts;
using EctLifecycle.Portfolio;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EctLifecycle.Pages;

/// <summary>Upload the hub's spreadsheet (or a zip of CSV), check it first if you like, see the errors row by row; exports.</summary>
[RequestSizeLimit(ImportEndpoint.MaxFileBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportEndpoint.MaxFileBytes)]
public sealed class ImportModel(PortfolioImporter importer) : PageModel
{
    public ImportResult? Result { get; private set; }
    public string? FileName { get; private set; }
    public string? Problem { get; private set; }

    public IActionResult OnGet() => User.MayWrite() || User.MayAnalyse() ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, bool dryRun, CancellationToken ct)
    {
        if (!User.MayWrite()) return Forbid();
        if (file is not { Length: > 0 })
        {
            Problem = "choisissez un fichier (classeur .xlsx ou zip de CSV)";
            return Page();
        }
        FileName = file.FileName;
        PortfolioFile content;
        await using (var stream = file.OpenReadStream()) content = PortfolioFormats.Read(stream, file.FileName);
        Result = await importer.ImportAsync(content, dryRun, User.Login(), null, ct);
        return Page();
    }
}
