"""The police station's own pages (issue 22): the station home, registering an FIR on a screen, and the case page
with the investigation's actions and the case diary. Server-rendered in Hindi and English behind the one staff
login; every write goes through the same ``cases`` commands and ``records.access`` rules as the API."""
