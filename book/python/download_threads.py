"""Chapter `download`, with a thread: fetch a URL, then write it to a file.

Twin of crates/blocking/src/chapters/download.rs.
"""

from threeways import note, run
from threeways.disk import write_file
from threeways.scenario import file_name_for
from threeways.threads import fetch

CHAPTER, STYLE = "download", "threads"


# ANCHOR: download
def download(url):
    """Downloads `url` into a file named after it; returns the file's name."""
    filename = file_name_for(url)
    note(f"saving {url} as {filename}")
    # The thread stops here until the whole body has arrived...
    body = fetch(url)
    # ...and here until the disk is done. Meanwhile it can do nothing else.
    write_file(filename, body)
    # `filename` is still here: the wait did not take it away.
    note(f"saved {len(body)} bytes to {filename}")
    return filename
# ANCHOR_END: download


def main(scenario):
    return [download(scenario.pages[0].url)]


PROGRAMS = {None: main}

if __name__ == "__main__":
    run(CHAPTER, STYLE, PROGRAMS)
