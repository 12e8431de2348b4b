import { parentPort, workerData } from 'node:worker_threads';
import { runTraining, type TrainingInput } from './training.js';

// Training runs here, off the server's event loop: requests keep being answered meanwhile.
parentPort!.postMessage(runTraining(workerData as TrainingInput));
