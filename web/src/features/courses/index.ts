// Courses: catalogue, course player, quiz, certificates and hours, public verification. The pages are loaded by
// their routes; the dashboard mounts `<MyTrainings />`.
export { MyTrainings, type MyTrainingsProps } from './MyTrainings';
export { myTrainingsQueryOptions } from './queries';
