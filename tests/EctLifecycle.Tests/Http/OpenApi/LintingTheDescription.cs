using System.Diagnostics;
using EctLifecycle.Tests.Support;
using EctLifecycle.TestSupport;

namespace EctLifecycle.Tests.Http.OpenApi;

/// <summary>
/// Redocly's lint (deploy/lint-openapi: the pinned version, redocly.yaml's rules) finds no error and no warning in /openapi/v1.json.
/// The document is written to TestResults/openapi/v1.json, where it stays to be read.
/// </summary>
public class LintingTheDescription(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task redocly_finds_no_error_nor_warning_in_the_description()
    {
        var root = BuiltApp.RepositoryRoot();
        var file = Path.Combine(root, "TestResults", "openapi", "v1.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, await Client.GetStringAsync("/openapi/v1.json"));

        var lint = new ProcessStartInfo(Path.Combine(root, "deploy", "lint-openapi"), [file])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root,
        };
        using var process = Process.Start(lint)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var text = $"{await output}\n{await errors}";
        process.ExitCode.ShouldBe(0, text);
        text.ShouldContain("Your API description is valid", Case.Sensitive, text);
        // Redocly exits 0 on warnings; a new route without its tag's description or its answer is one, and is refused here.
        // (Its own notices about Node.js say "warning" too: only its count of the document's warnings is read.)
        System.Text.RegularExpressions.Regex.IsMatch(text, @"You have \d+ warnings?").ShouldBeFalse(text);
    }
}
