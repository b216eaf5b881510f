import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kartlagg.config.settings")
application = get_wsgi_application()

# Loaded by every serving process (runserver behind `kartlagg serve`/`up`, gunicorn, mod_wsgi) and by
# nothing else: the place where this process's background-job runner starts.
from kartlagg.jobs.runner import runner_start  # noqa: E402

runner_start()
