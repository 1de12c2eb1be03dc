/** Hands the browser a text file to save (a Blob URL on a throwaway link), and frees the URL after. */
export function downloadText(fileName: string, text: string, type = "text/csv;charset=utf-8"): void {
  // A BOM so spreadsheets read the file as UTF-8 (accented names, the en dash).
  const url = URL.createObjectURL(new Blob(["\uFEFF", text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
