"""The Dash app for HQ and district monitoring: pages, components and one data-access module."""
