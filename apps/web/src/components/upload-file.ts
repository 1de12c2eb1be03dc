/**
 * POSTs one file to a session upload route with XHR (fetch reports no upload progress); resolves with the
 * HTTP status and the JSON reply (null when the reply is not JSON). The organization travels in
 * `x-org-slug`, as every session route expects.
 */
export function uploadFile(
  file: File,
  input: { url: string; slug: string; contentType: string },
  onProgress: (fraction: number) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", input.url);
    xhr.setRequestHeader("x-org-slug", input.slug);
    xhr.setRequestHeader("content-type", input.contentType);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error("network error"));
    xhr.send(file);
  });
}
