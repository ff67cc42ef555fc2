"""The district digest by e-mail: readers subscribe to an outlet's or a district's list, the
worker builds each list's weekly issue and sends it to every confirmed subscriber once."""
